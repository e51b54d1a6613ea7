import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode, nodeBuildIsStale } from '../../scripts/build-node.mjs';
import { serverProcessEnv } from '../../scripts/run-server.mjs';
import { expectStatus } from './pool.js';
import { attributeCpu } from './proc-cpu.js';

/**
 * The standalone server as an operator runs it (`node out/node/server.mjs` with the environment `npm run
 * server` gives it: scripts/run-server.mjs), driven only over HTTP on 127.0.0.1, so the benchmarks do not
 * depend on server/ internals. Logging is at `info`, the server's default, so each request pays for its log
 * line as in production (stdout goes to /dev/null); BENCH_SERVER_LOG_LEVEL=warn shows what the request log
 * costs. BENCH_DEFAULT_MALLOC=1 leaves out the launcher's allocator settings, for the server and the
 * baselines alike (benchEnv), to show what they change.
 */
export const SERVER_LOG_LEVEL = process.env.BENCH_SERVER_LOG_LEVEL ?? 'info';
/** BENCH_SERVER_CPU_PROF=DIR: each server writes a V8 CPU profile there when it stops (to see where the time goes). */
const PROFILE_ARGS = process.env.BENCH_SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_CPU_PROF}`] : [];
/** BENCH_SERVER_NODE_ARGS='--trace-gc …': more arguments for the server's `node` (to study it, never for a reported run). */
const EXTRA_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER = join(ROOT, 'out', 'node', 'server.mjs');
const READY_TIMEOUT_MS = 60_000;

export interface AdminCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TesseraProcess {
  pid: number;
  /** `TESSERA_DATABASE_URL`, when the server runs on PostgreSQL. */
  databaseUrl?: string;
  /** Where the server answers, with a trailing slash: also its issuer, unless `StartOptions.issuer` names another. */
  url: string;
  admin: AdminCredentials;
  /** A Management API token from the admin client (client credentials). */
  managementToken(): Promise<string>;
  stop(): Promise<void>;
}

export function newAdminCredentials(): AdminCredentials {
  return { clientId: randomBytes(16).toString('hex'), clientSecret: randomBytes(32).toString('base64url') };
}

export async function ensureNodeBuild(): Promise<void> {
  if (nodeBuildIsStale()) await buildNode();
}

/** A loopback TCP port free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/**
 * `--store postgres`: every server started without its own `databaseUrl` gets a new database from
 * `database.create()` (one per data folder, so a restart on the same folder finds its data), and its
 * CPU windows also read PostgreSQL's CPU (`database.cpuMs`), kept apart from the server's own.
 */
let postgres: { create(): Promise<string>; cpuMs(): number } | undefined;
const databaseOfDataDir = new Map<string, string>();

export function runServersOnPostgres(database: typeof postgres): void {
  postgres = database;
}

export interface StartOptions {
  /** PostgreSQL for this server (instances sharing one database), instead of SQLite or `runServersOnPostgres`. */
  databaseUrl?: string;
  /** What instances of one deployment must share: the data key and the issuer. */
  dataKey?: string;
  issuer?: string;
}

async function databaseFor(dataDir: string, options: StartOptions): Promise<string | undefined> {
  if (options.databaseUrl || !postgres) return options.databaseUrl;
  const known = databaseOfDataDir.get(dataDir);
  if (known) return known;
  const created = await postgres.create();
  databaseOfDataDir.set(dataDir, created);
  return created;
}

/**
 * The environment of every process a benchmark measures, the server's and each baseline's: the allocator
 * settings `npm run server` gives the server apply to the baselines too, so a ratio compares the work done,
 * not two allocators.
 */
export function benchEnv(): NodeJS.ProcessEnv {
  return process.env.BENCH_DEFAULT_MALLOC ? { ...process.env } : serverProcessEnv(process.env);
}

/** benchEnv without the shell's TESSERA_* variables: a server the bench starts has only the settings the bench gives it. */
export function benchEnvWithoutTessera(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(benchEnv()).filter(([name]) => !name.startsWith('TESSERA_')));
}

function serverEnv(dataDir: string, port: number, admin: AdminCredentials, options: StartOptions): NodeJS.ProcessEnv {
  return {
    ...benchEnvWithoutTessera(),
    TESSERA_DATA_DIR: dataDir,
    TESSERA_PORT: String(port),
    TESSERA_LOG_LEVEL: SERVER_LOG_LEVEL,
    TESSERA_ADMIN_CLIENT_ID: admin.clientId,
    TESSERA_ADMIN_CLIENT_SECRET: admin.clientSecret,
    ...(options.databaseUrl ? { TESSERA_DATABASE_URL: options.databaseUrl } : {}),
    ...(options.dataKey ? { TESSERA_DATA_KEY: options.dataKey } : {}),
    ...(options.issuer ? { TESSERA_ISSUER: options.issuer } : {}),
  };
}

/** Polls the JWKS until it answers 200 (bounded), or fails when the process exits first. */
async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr()}`);
    try {
      const response = await fetch(new URL('.well-known/jwks.json', url));
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`the server did not answer within ${READY_TIMEOUT_MS} ms: ${stderr()}`);
}

/** Starts the server on a data folder (created on first start, with `admin` as its admin client). */
export async function startTessera(dataDir: string, admin: AdminCredentials, options: StartOptions = {}): Promise<TesseraProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const databaseUrl = await databaseFor(dataDir, options);
  const env = serverEnv(dataDir, port, admin, { ...options, databaseUrl });
  const child = spawn(process.execPath, [...PROFILE_ARGS, ...EXTRA_ARGS, SERVER], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    await waitUntilServing(url, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (databaseUrl && postgres && !options.databaseUrl) attributeCpu(child.pid!, postgres.cpuMs);
  let token: string | undefined;
  const issuer = options.issuer ?? url;
  return {
    pid: child.pid!,
    ...(databaseUrl ? { databaseUrl } : {}),
    url,
    admin,
    async managementToken() {
      if (token) return token;
      const response = await fetch(new URL('oauth/token', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/` }),
      });
      token = ((await expectStatus(response, 200, 'management token')) as { access_token: string }).access_token;
      return token;
    },
    async stop() {
      // SIGTERM: the server closes its database cleanly, so the folder can be reopened (or edited) after.
      if (child.exitCode === null) child.kill('SIGTERM');
      await closed;
    },
  };
}
