// `npm start` on a desktop: native modules for Electron, a production build, then the app.
// electron-vite preview launches Electron with inherited stdio and exits with its code.
import { ensureDeps } from './ensure-deps.mjs';
import { run } from './native.mjs';

try {
  ensureDeps('electron');
  run('npx', ['--no', '--', 'electron-vite', 'build']);
  run('npx', ['--no', '--', 'electron-vite', 'preview', '--skipBuild']);
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
