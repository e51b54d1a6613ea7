// better-sqlite3 is one compiled binary in node_modules, built for either Node's ABI (tests, the
// standalone server) or Electron's (the desktop app). A marker file records which, so switching
// between `npm test` and `npm start` rebuilds only when the target actually changes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE_MODULES = join(ROOT, 'node_modules');
const MARKER = join(NODE_MODULES, '.tessera-native-target');
const IS_WINDOWS = process.platform === 'win32';

export function readMarker() {
  return existsSync(MARKER) ? readFileSync(MARKER, 'utf8').trim() : null;
}

export function writeMarker(target) {
  writeFileSync(MARKER, `${target}\n`);
}

/** After something else rebuilt the binding (electron-builder does, for the target it packages). */
export function forgetMarker() {
  rmSync(MARKER, { force: true });
}

export function nodeTarget() {
  return `node-${process.versions.modules}`;
}

export function electronTarget() {
  const pkg = JSON.parse(readFileSync(join(NODE_MODULES, 'electron', 'package.json'), 'utf8'));
  return `electron-${pkg.version}`;
}

// Loads the binding in a fresh Node process (this one must not cache a wrong build) and
// opens an in-memory database, which is what fails on an ABI mismatch.
export function probeUnderNode() {
  const probe = "new (require('better-sqlite3'))(':memory:').close()";
  const result = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
  return { ok: result.status === 0, detail: (result.stderr || '').split('\n').find((l) => l.includes('Error')) };
}

// npm and npx are .cmd shims on Windows, which spawn can only start through a shell.
export function run(command, args, options = {}) {
  console.log(`[ensure-deps] ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: IS_WINDOWS, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}
