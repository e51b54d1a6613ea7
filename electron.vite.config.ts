import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Native modules are loaded from node_modules at run time (they are rebuilt per runtime by
// scripts/ensure-deps.mjs); bundling them would break their .node binding lookup.
const NATIVE_MODULES = ['better-sqlite3', 'keytar'];

// The embedded server (src-main/desktop/embedded-server.ts) reads its numbered SQL migrations from
// `./migrations/` next to the module (server/store/db.ts); bundled, that module is out/main/index.js.
function copyServerMigrations(): Plugin {
  return {
    name: 'tessera-copy-server-migrations',
    writeBundle() {
      cpSync(resolve('server/store/migrations'), resolve('out/main/migrations'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [copyServerMigrations()],
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
