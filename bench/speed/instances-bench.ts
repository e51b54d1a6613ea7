import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeLoadConnections, machineCpuMs, roundRobinGets } from './instances-load.js';
import { describeCeiling, type Configuration, type Sample } from './instances-report.js';
import type { BenchPostgres } from './pg-cluster.js';
import { processCpuMs } from './proc-cpu.js';
import { benchUsers, createLoginClient, importUsers, mfaToken, requireOtpForAll } from './seed.js';
import { ensureNodeBuild, newAdminCredentials, startTessera, type TesseraProcess } from './tessera-process.js';

/**
 * Issue 12: two instances on one PostgreSQL serve `GET /mfa/authenticators` at ≥ 1.6× the rate of one.
 * Both instances run all the time; a window sends REQUESTS GETs either all to A or round-robin to A and B,
 * CONCURRENCY in flight either way, and windows of the two configurations take turns, so a busy machine
 * hits both alike. Each window also reads the CPU of every process involved and of the whole machine,
 * because on a small machine the cores, not the instance count, may set the ceiling.
 */
export const ROUNDS = 6;
const REQUESTS = 4000;
const WARMUP = 1000;
const CONCURRENCY = 8;
/** Users with one TOTP authenticator each (benchUsers gives one to every even-numbered user). */
const TOKEN_USERS = 8;

async function measure(configuration: Configuration, instances: TesseraProcess[], postgres: BenchPostgres, authorizations: string[]): Promise<Sample> {
  const urls = instances.slice(0, configuration === 'one' ? 1 : 2).map((instance) => new URL('mfa/authenticators', instance.url));
  const serversCpu = () => instances.reduce((sum, instance) => sum + processCpuMs(instance.pid), 0);
  const [serversBefore, databaseBefore, clientBefore, machineBefore] = [serversCpu(), postgres.cpuMs(), process.cpuUsage(), machineCpuMs()];
  const started = performance.now();
  const requests = await roundRobinGets(urls, authorizations, REQUESTS, CONCURRENCY);
  const wallMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const machine = machineCpuMs();
  return {
    configuration,
    requests,
    wallMs,
    serversMs: serversCpu() - serversBefore,
    databaseMs: postgres.cpuMs() - databaseBefore,
    clientMs: (client.user + client.system) / 1000,
    machineBusyMs: machine.busyMs - machineBefore.busyMs,
    machineTotalMs: machine.totalMs - machineBefore.totalMs,
  };
}

/** A, then B on the same database, data key and issuer (as a load balancer's two back ends); one tenant. */
async function startInstances(root: string, databaseUrl: string): Promise<TesseraProcess[]> {
  const admin = newAdminCredentials();
  const dataKey = randomBytes(32).toString('hex');
  const a = await startTessera(join(root, 'a'), admin, { databaseUrl, dataKey });
  try {
    return [a, await startTessera(join(root, 'b'), admin, { databaseUrl, dataKey, issuer: a.url })];
  } catch (error) {
    await a.stop();
    throw error;
  }
}

export async function benchInstances(postgres: BenchPostgres): Promise<string[]> {
  await ensureNodeBuild();
  const root = mkdtempSync(join(tmpdir(), 'tessera-bench-instances-'));
  let instances: TesseraProcess[] = [];
  try {
    instances = await startInstances(root, await postgres.createDatabase());
    const [a] = instances;
    const users = benchUsers(TOKEN_USERS * 2, 'inst').filter((user) => user.totpSecret);
    await importUsers(a!, users);
    await requireOtpForAll(a!);
    const client = await createLoginClient(a!);
    const authorizations: string[] = [];
    for (const user of users) authorizations.push(`Bearer ${await mfaToken(a!, client, user)}`);
    const everyUrl = instances.map((instance) => new URL('mfa/authenticators', instance.url));
    await roundRobinGets(everyUrl, authorizations, WARMUP, CONCURRENCY);
    const samples: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order: Configuration[] = round % 2 === 0 ? ['one', 'two'] : ['two', 'one'];
      for (const configuration of order) samples.push(await measure(configuration, instances, postgres, authorizations));
    }
    return describeCeiling(samples, { cores: availableParallelism(), rounds: ROUNDS, requests: REQUESTS, concurrency: CONCURRENCY });
  } finally {
    closeLoadConnections();
    await Promise.all(instances.map((instance) => instance.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}
