// `npm test` on a fresh clone: system packages, npm dependencies and the Node build of
// better-sqlite3, then every check CI runs: types, lint, the Electron build, the test suite.
import { spawn, spawnSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';
import { ROOT, run } from './native.mjs';

function step(name, command, args) {
  console.log(`\n[test] ${name}`);
  run(command, args);
}

/**
 * Independent checks at once (the machine has cores to spare while one waits on disk): each one's
 * output is printed whole when it ends, so they never interleave; any failure fails the run.
 */
async function parallelSteps(steps) {
  const results = await Promise.all(steps.map(([name, command, args]) => new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? 1, output: signal ? `${output}killed by ${signal}\n` : output }));
  })));
  for (const { name, code, output } of results) {
    console.log(`\n[test] ${name}${code === 0 ? '' : ` FAILED (exit ${code})`}`);
    if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  }
  const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
  if (failed.length > 0) throw new Error(`failed: ${failed.join(', ')}`);
}

try {
  if (process.platform === 'linux') step('system packages', 'bash', ['scripts/install-system-deps.sh']);
  // Tests never need the Electron binary; a desktop user's `npm start` fetches it when missing.
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ??= '1';
  ensureDeps('node');
  await parallelSteps([
    ['type-check (node, main, preload, renderer)', 'npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json', '--noEmit']],
    ['type-check (renderer)', 'npx', ['--no', '--', 'tsc', '-p', 'tsconfig.web.json', '--noEmit']],
    ['lint', 'npx', ['--no', '--', 'eslint', '.']],
    ['electron-vite build', 'npx', ['--no', '--', 'electron-vite', 'build']],
  ]);
  // On Linux the suite runs inside a private, unlocked gnome-keyring (scripts/with-keyring.sh), so the
  // authenticator's keyring tests meet a real Secret Service; TESSERA_REQUIRE_KEYRING makes them fail,
  // not skip, if that keyring is missing, so CI cannot pass without them.
  const vitest = ['npx', '--no', '--', 'vitest', 'run', ...process.argv.slice(2)];
  const inKeyring = process.platform === 'linux';
  console.log(`\n[test] vitest${inKeyring ? ' (inside a private keyring)' : ''}`);
  const [command, ...args] = inKeyring ? ['bash', 'scripts/with-keyring.sh', ...vitest] : vitest;
  const env = inKeyring ? { ...process.env, TESSERA_REQUIRE_KEYRING: '1' } : process.env;
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(result.status ?? 1);
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
