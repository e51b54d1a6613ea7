import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Native modules are loaded from node_modules at run time (they are rebuilt per runtime by
// scripts/ensure-deps.mjs); bundling them would break their .node binding lookup.
const NATIVE_MODULES = ['better-sqlite3', 'keytar'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: NATIVE_MODULES },
      rollupOptions: {
        input: { index: resolve('src-main/index.ts') },
        external: NATIVE_MODULES,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or local files: one self-contained CommonJS
      // file (out/preload/index.cjs) that requires only `electron`.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
