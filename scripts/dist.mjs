// Usage: node scripts/dist.mjs [--linux|--mac|--win] [more electron-builder arguments]
// `npm run dist`: the production build, the installers' icon, then electron-builder (for the current OS
// unless told otherwise; electron-builder.config.mjs says what each OS gets). Needs the internet: it
// downloads Electron and, for better-sqlite3, Electron's headers or a prebuilt binary.
import { join } from 'node:path';
import { BUILD_RESOURCES } from '../electron-builder.config.mjs';
import { ROOT, forgetMarker, run } from './native.mjs';

const CONFIG_FILE = 'electron-builder.config.mjs';

try {
  run('npx', ['--no', '--', 'electron-vite', 'build']);
  run('npx', ['--no', '--', 'tsx', 'scripts/app-icon.ts', join(ROOT, BUILD_RESOURCES, 'icon.png')]);
  try {
    // Publishing is a release step of its own, never a side effect of building (electron-builder
    // otherwise publishes from CI when it sees a tag).
    run('npx', ['--no', '--', 'electron-builder', '--config', CONFIG_FILE, '--publish', 'never', ...process.argv.slice(2)]);
  } finally {
    // electron-builder rebuilt better-sqlite3 in node_modules for the packaged Electron: the marker no
    // longer tells the truth, so the next `npm test` or `npm start` checks and rebuilds for its runtime.
    forgetMarker();
  }
} catch (error) {
  console.error(`[dist] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
