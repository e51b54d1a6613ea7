import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildNode, nodeBuildIsStale } from '../scripts/build-node.mjs';
import { processCpuMs } from './speed/proc-cpu.js';
import { benchEnvWithoutTessera, freePort } from './speed/tessera-process.js';
import { ms, summarise, type Summary } from './stats.js';

/**
 * Start-up of the `tessera` CLI and of the standalone server, against `node -e 0` measured in the same
 * run: what a user waits for before `tessera otp list` prints, and before a fresh `npm run server`
 * process answers its first request. Each round runs every case once, in turn, so all see the same load.
 */

export const ROUNDS = 15;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'tessera.mjs');
const SERVER = join(ROOT, 'out', 'node', 'server.mjs');
/** A realistic vault: the 13 accounts the authenticator's list is tried with. */
const ACCOUNTS = ['GitHub:alice', 'Google:alice@gmail.com', 'Microsoft:alice@outlook.com', 'AWS:root', 'Dropbox:alice', 'Slack:acme',
  'GitLab:alice', 'Cloudflare:ops', 'Stripe:billing', 'DigitalOcean:alice', 'npm:alice', 'Proton:alice', 'ACME:alice@example.com'];
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface StartupResult {
  baseline: Summary;
  otpList: Summary;
  serverRestart: Summary;
  serverRestartCpu: Summary;
  serverFirstStart: Summary;
  lines: string[];
}

/** benchEnv (the allocator settings `npm run server` gives the server, for every process timed here) without TESSERA_*, plus `extra`. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...benchEnvWithoutTessera(), ...extra };
}

/** Wall time from spawn to exit; a non-zero exit is a broken benchmark, not a sample. */
function timeRun(args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: env(extraEnv), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/** The server's CPU time so far, or null where /proc is missing (not Linux). */
function cpuOrNull(pid: number): number | null {
  try {
    return processCpuMs(pid);
  } catch {
    return null;
  }
}

/**
 * Spawn → the first 200 from `GET /.well-known/jwks.json`, polled every millisecond; then the server's
 * CPU time so far, and a SIGTERM.
 */
async function timeServer(dataDir: string): Promise<{ wall: number; cpu: number | null }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER], {
    cwd: ROOT,
    // As `npm run server` starts it (scripts/run-server.mjs), less the launcher's own start.
    env: env({ TESSERA_DATA_DIR: dataDir, TESSERA_PORT: String(port), TESSERA_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = false;
  const closed = new Promise<void>((resolve) => child.on('close', () => ((exited = true), resolve())));
  try {
    for (;;) {
      if (exited) throw new Error('the server exited before answering');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`);
        await response.arrayBuffer();
        if (response.status === 200) break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const wall = performance.now() - started;
    return { wall, cpu: child.pid === undefined ? null : cpuOrNull(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

export async function measureStartup(rounds = ROUNDS): Promise<StartupResult> {
  if (nodeBuildIsStale()) await buildNode();
  const home = mkdtempSync(join(tmpdir(), 'tessera-bench-startup-'));
  try {
    const cliEnv = { XDG_DATA_HOME: join(home, 'data'), TESSERA_APP_DATA: join(home, 'app') };
    for (const label of ACCOUNTS) await timeRun([BIN, 'otp', 'add', `otpauth://totp/${encodeURIComponent(label)}?secret=${SECRET}`], cliEnv);
    const serverDir = join(home, 'server');
    await timeServer(serverDir);
    const samples = { baseline: [] as number[], otpList: [] as number[], restart: [] as number[], restartCpu: [] as number[], firstStart: [] as number[] };
    // One warm-up round fills the page cache for every case.
    for (let round = -1; round < rounds; round++) {
      const baseline = await timeRun(['-e', '0']);
      const otpList = await timeRun([BIN, 'otp', 'list'], cliEnv);
      const restart = await timeServer(serverDir);
      const firstStart = await timeServer(join(home, `fresh-${round + 1}`));
      if (round < 0) continue;
      samples.baseline.push(baseline);
      samples.otpList.push(otpList);
      samples.restart.push(restart.wall);
      if (restart.cpu !== null) samples.restartCpu.push(restart.cpu);
      samples.firstStart.push(firstStart.wall);
    }
    const baseline = summarise(samples.baseline);
    const otpList = summarise(samples.otpList);
    const serverRestart = summarise(samples.restart);
    const serverFirstStart = summarise(samples.firstStart);
    const serverRestartCpu = samples.restartCpu.length > 0 ? summarise(samples.restartCpu) : { n: 0, median: NaN, p99: NaN };
    const ratio = (summary: Summary) => `${(summary.median / baseline.median).toFixed(2)}x`;
    const lines = [
      `node -e 0:                      median ${ms(baseline.median)}, p99 ${ms(baseline.p99)}`,
      `tessera otp list (13 accounts): median ${ms(otpList.median)}, p99 ${ms(otpList.p99)} | ratio ${ratio(otpList)} (target < 2.5x)`,
      `server, existing data → first answer: median ${ms(serverRestart.median)}, p99 ${ms(serverRestart.p99)} | ratio ${ratio(serverRestart)} (target < 6x)`
        + (serverRestartCpu.n > 0 ? `; server CPU until then: median ${ms(serverRestartCpu.median)}` : ''),
      `server, empty data folder (keys generated) → first answer: median ${ms(serverFirstStart.median)} | ratio ${ratio(serverFirstStart)}`,
    ];
    return { baseline, otpList, serverRestart, serverRestartCpu, serverFirstStart, lines };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
