// `npm test` on a fresh clone: system packages, npm dependencies and the Node build of
// better-sqlite3, then every check CI runs: types, lint, the Electron build, the test suite.
import { spawnSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';
import { ROOT, run } from './native.mjs';

function step(name, command, args) {
  console.log(`\n[test] ${name}`);
  run(command, args);
}

try {
  if (process.platform === 'linux') step('system packages', 'bash', ['scripts/install-system-deps.sh']);
  // Tests never need the Electron binary; a desktop user's `npm start` fetches it when missing.
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ??= '1';
  ensureDeps('node');
  step('type-check (node, main, preload, renderer)', 'npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json', '--noEmit']);
  step('type-check (renderer)', 'npx', ['--no', '--', 'tsc', '-p', 'tsconfig.web.json', '--noEmit']);
  step('lint', 'npx', ['--no', '--', 'eslint', '.']);
  step('electron-vite build', 'npx', ['--no', '--', 'electron-vite', 'build']);
  console.log('\n[test] vitest');
  const result = spawnSync('npx', ['--no', '--', 'vitest', 'run', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(result.status ?? 1);
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
