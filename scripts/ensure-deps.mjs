// Usage: node scripts/ensure-deps.mjs <node|electron>
// Makes a fresh clone runnable for the given runtime, in either order: installs dependencies if
// they are missing, then makes sure better-sqlite3 is compiled for that runtime's ABI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  NODE_MODULES, electronTarget, nodeTarget, probeUnderNode, readMarker, run, writeMarker,
} from './native.mjs';

const RUNTIMES = { node: ensureNodeBuild, electron: ensureElectronBuild };

export function ensureDeps(runtime) {
  const ensureBuild = Object.hasOwn(RUNTIMES, runtime) ? RUNTIMES[runtime] : undefined;
  if (!ensureBuild) throw new Error(`unknown runtime "${runtime}", expected node or electron`);
  if (!existsSync(NODE_MODULES)) run('npm', ['ci']);
  ensureBuild();
}

function ensureNodeBuild() {
  const target = nodeTarget();
  if (readMarker() === target) return;
  // No marker (a fresh `npm ci` compiles for Node) or a stale one: trust only a real load.
  const before = probeUnderNode();
  if (!before.ok) {
    console.log(`[ensure-deps] better-sqlite3 does not load under Node (${before.detail ?? 'unknown error'}); rebuilding`);
    run('npm', ['rebuild', 'better-sqlite3']);
    const after = probeUnderNode();
    if (!after.ok) throw new Error(`better-sqlite3 still fails to load after rebuild: ${after.detail}`);
  }
  writeMarker(target);
}

function ensureElectronBuild() {
  // A clone installed with ELECTRON_SKIP_BINARY_DOWNLOAD (as CI does) has no Electron binary yet.
  if (!existsSync(`${NODE_MODULES}/electron/path.txt`)) {
    const env = { ...process.env };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    run('node', [`${NODE_MODULES}/electron/install.js`], { env });
  }
  const target = electronTarget();
  if (readMarker() === target) return;
  // Electron's ABI cannot be probed from Node, so a missing or different marker means rebuild.
  run('npx', ['--no', '--', 'electron-rebuild', '-f', '-o', 'better-sqlite3']);
  writeMarker(target);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureDeps(process.argv[2]);
  } catch (error) {
    console.error(`[ensure-deps] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
