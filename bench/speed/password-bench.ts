import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../stats.js';
import { startBaseline, type BaselineProcess } from './baseline-process.js';
import { expectStatus, runPool } from './pool.js';
import { measureCpu, perUnit, type CpuWindow } from './proc-cpu.js';
import { cpu, median, verdict } from './report.js';
import { BENCH_PASSWORD, benchUsers, createLoginClient, importUsers, tokenRequest, type BenchClient, type SeededUser } from './seed.js';
import { ensureNodeBuild, newAdminCredentials, startTessera, type TesseraProcess } from './tessera-process.js';

/**
 * Issue 12: password grants per second at least 0.9× raw scrypt hashes per second (the server's cost,
 * a plain Node process, the same number in flight, on the same cores); and the p99 latency of an
 * unrelated request (`GET /api/v2/users/{id}`, one after another) during a burst of password grants at
 * most 3× its p99 when the server is idle. No MFA policy, so each grant ends with its tokens.
 */
export const ROUNDS = 5;
const LATENCY_ROUNDS = 3;
const USERS = 12;
const GRANTS = 16;
const CONCURRENCY = 4;
/** As many grants as libuv has pool threads (4 by default): a burst that keeps every scrypt thread busy. */
const BURST_CONCURRENCY = 4;
const PROBES = 60;

function login(server: TesseraProcess, client: BenchClient, user: SeededUser): Promise<void> {
  return tokenRequest(server, { grant_type: 'password', ...client, username: user.email, password: BENCH_PASSWORD, scope: 'openid' }).then(async (response) => {
    await expectStatus(response, 200, `password grant for ${user.email}`);
  });
}

/** Sequential probes; their latencies in ms. */
async function probe(url: string, authorization: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`probe: ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** Probes while BURST_CONCURRENCY password grants stay in flight; the burst stops with the probes. */
async function probeDuringBurst(server: TesseraProcess, client: BenchClient, users: SeededUser[], url: string, authorization: string): Promise<number[]> {
  let stop = false;
  let next = 0;
  const burst = Array.from({ length: BURST_CONCURRENCY }, async () => {
    while (!stop) await login(server, client, users[next++ % users.length]!);
  });
  // Let the burst reach its steady state: every grant in flight has started hashing.
  await Promise.race([login(server, client, users[0]!), ...burst]);
  try {
    return await probe(url, authorization);
  } finally {
    stop = true;
    await Promise.all(burst);
  }
}

async function rates(server: TesseraProcess, client: BenchClient, users: SeededUser[], hasher: BaselineProcess) {
  const grants: CpuWindow[] = [];
  const hashes: CpuWindow[] = [];
  const grantWindow = () => measureCpu(server.pid, () => runPool(GRANTS, CONCURRENCY, (i) => login(server, client, users[i % users.length]!)).then(() => GRANTS));
  const hashWindow = () => measureCpu(hasher.pid, () => hasher.run(GRANTS, CONCURRENCY).then(() => GRANTS));
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      grants.push(await grantWindow());
      hashes.push(await hashWindow());
    } else {
      hashes.push(await hashWindow());
      grants.push(await grantWindow());
    }
  }
  return { grants, hashes };
}

const perSecond = (window: CpuWindow) => (window.units * 1000) / window.wallMs;

export async function benchPassword(): Promise<string[]> {
  await ensureNodeBuild();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-password-'));
  const server = await startTessera(dir, newAdminCredentials());
  try {
    const users = benchUsers(USERS, 'pw');
    await importUsers(server, users);
    const client = await createLoginClient(server);
    // The first login of each replaces the imported hash with scrypt: from then on, a grant is one scrypt.
    await runPool(users.length, CONCURRENCY, (i) => login(server, client, users[i]!));
    const hasher = await startBaseline('scrypt');
    try {
      const { grants, hashes } = await rates(server, client, users, hasher);
      const grantRate = median(grants.map(perSecond));
      const hashRate = median(hashes.map(perSecond));
      const probeUrl = new URL(`api/v2/users/${encodeURIComponent(users[1]!.userId)}`, server.url).href;
      const authorization = `Bearer ${await server.managementToken()}`;
      await probe(probeUrl, authorization);
      const idle: number[] = [];
      const busy: number[] = [];
      for (let round = 0; round < LATENCY_ROUNDS; round++) {
        idle.push(...(await probe(probeUrl, authorization)));
        busy.push(...(await probeDuringBurst(server, client, users, probeUrl, authorization)));
      }
      const p99 = (samples: number[]) => percentile([...samples].sort((a, b) => a - b), 99);
      return [
        `password grant: ${grantRate.toFixed(2)}/s (${cpu(median(grants.map(perUnit)))} CPU each) | raw scrypt N=2^15 r=8: ${hashRate.toFixed(2)}/s ` +
          `(${cpu(median(hashes.map(perUnit)))} CPU each) | ${verdict(grantRate / hashRate, { kind: 'min', target: 0.9 })}`,
        `  (medians of ${ROUNDS} windows of ${GRANTS}, ${CONCURRENCY} in flight; per-window ratios ` +
          `${grants.map((window, i) => (perSecond(window) / perSecond(hashes[i]!)).toFixed(2)).join(', ')})`,
        `GET /api/v2/users/{id} during a password burst (${BURST_CONCURRENCY} grants in flight): p99 ${p99(busy).toFixed(1)} ms, median ${median(busy).toFixed(1)} ms | ` +
          `idle: p99 ${p99(idle).toFixed(1)} ms, median ${median(idle).toFixed(1)} ms | ${verdict(p99(busy) / p99(idle), { kind: 'max', target: 3 })}`,
        `  (${LATENCY_ROUNDS} rounds of ${PROBES} sequential requests idle, then as many during a burst; nearest-rank p99 of the ${idle.length} of each)`,
      ];
    } finally {
      await hasher.stop();
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
