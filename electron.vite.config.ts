import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Native modules are loaded from node_modules at run time (better-sqlite3 is rebuilt per runtime by
// scripts/ensure-deps.mjs; @napi-rs/keyring is N-API with a prebuilt package per platform); bundling
// them would break their .node binding lookup.
const NATIVE_MODULES = ['better-sqlite3', '@napi-rs/keyring'];

// The embedded server (src-main/desktop/embedded-server.ts) reads its numbered SQL migrations from
// `./migrations/` next to the module (server/store/sqlite/db.ts); bundled, that module is out/main/index.js.
function copyServerMigrations(): Plugin {
  return {
    name: 'tessera-copy-server-migrations',
    writeBundle() {
      cpSync(resolve('server/store/sqlite/migrations'), resolve('out/main/migrations'), { recursive: true });
    },
  };
}

// A sandboxed preload can require nothing but `electron`: a chunk shared by the two preload entries
// would be a local file each one requires, so the build fails rather than emit one.
function preloadsSelfContained(): Plugin {
  return {
    name: 'tessera-preloads-self-contained',
    generateBundle(_options, bundle) {
      const shared = Object.values(bundle).filter((output) => output.type === 'chunk' && !output.isEntry);
      if (shared.length > 0) this.error(`preload bundles must not share modules; shared chunk(s): ${shared.map((chunk) => chunk.fileName).join(', ')}`);
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
    plugins: [preloadsSelfContained()],
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or local files: each entry is one self-contained
      // CommonJS file (out/preload/index.cjs, overlay.cjs, palette.cjs) that requires only `electron`.
      // None uses a dynamic import (`inlineDynamicImports` cannot be set with several entries).
      externalizeDeps: false,
      rollupOptions: {
        input: {
          index: resolve('src-main/preload/index.ts'),
          overlay: resolve('src-main/preload/overlay.ts'),
          palette: resolve('src-main/preload/palette.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      // The app, the page the screen-area selection shows over each display, and the quick-search palette.
      rollupOptions: {
        input: {
          index: resolve('src-renderer/index.html'),
          overlay: resolve('src-renderer/overlay.html'),
          palette: resolve('src-renderer/palette.html'),
        },
      },
    },
  },
});
