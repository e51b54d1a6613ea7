import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for one test run: its own data folder in a temp dir, listening on a free
 * loopback port, trust authentication (nothing but this machine can reach it), durability switched off.
 * Runs in Vitest's main process (test/setup/postgres.ts), never in a worker, so it imports no `vitest`.
 */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`, the superuser's connection to the maintenance database. */
  adminUrl: string;
  stop(): Promise<void>;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
/** The first start of a fresh cluster takes about 3 s on the CI machine; a busy one needs a margin. */
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;
const STOP_TIMEOUT_MS = 15_000;
/** A port found free can be taken before the server binds it (five people share this machine). */
const START_ATTEMPTS = 3;

function hasServer(dir: string): boolean {
  return existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));
}

/** The newest installed server's bin folder: Debian's `/usr/lib/postgresql/<major>/bin`, else one on PATH. */
export function findPostgresBin(): string | undefined {
  if (existsSync(DEBIAN_ROOT)) {
    const majors = readdirSync(DEBIAN_ROOT).filter((major) => hasServer(path.join(DEBIAN_ROOT, major, 'bin')));
    majors.sort((a, b) => Number(a) - Number(b));
    if (majors.length > 0) return path.join(DEBIAN_ROOT, majors.at(-1)!, 'bin');
  }
  return (process.env.PATH ?? '').split(path.delimiter).find((dir) => dir !== '' && hasServer(dir));
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user Debian's package creates. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('PostgreSQL refuses to run as root, and there is no `postgres` user to run it as (apt-get install postgresql creates one).');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], user: { uid: number; gid: number } | undefined, cwd: string): void {
  execFileSync(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], ...user });
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`PostgreSQL exited while starting:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGKILL only if a fast shutdown hangs: the data folder is deleted right after anyway.
    const force = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is PostgreSQL's "fast" shutdown: open sessions are ended, nothing waits for clients.
    server.kill('SIGINT');
  });
}

async function startOnce(bin: string, dir: string, user: { uid: number; gid: number } | undefined): Promise<PostgresCluster> {
  const port = await freePort();
  const server = spawn(
    path.join(bin, 'postgres'),
    [
      '-D', path.join(dir, 'data'), '-p', String(port), '-k', dir,
      '-c', 'listen_addresses=127.0.0.1',
      // Test data need not survive a crash: skipping the disk flushes makes CREATE DATABASE and commits cheap.
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      // Test databases live minutes and are emptied by DELETE between servers: vacuuming them costs CPU that
      // the tests need (the launcher visits every database each minute, some hundred of them in a run).
      '-c', 'autovacuum=off',
      // The lease and migration tests open 50 connections at once, beside the test files' pools.
      '-c', 'max_connections=200',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], ...user },
  );
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8_000)));
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(adminUrl, server, () => log);
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return { adminUrl, stop: () => stopServer(server) };
}

/** Creates a cluster in a new temp folder and starts it; `stop()` also deletes the folder. */
export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const user = serverUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-pg-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    // C locale and UTF-8 whatever the machine's locale is, so sorting and encodings are the same everywhere.
    run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], user, dir);
    let lastError: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
      try {
        const cluster = await startOnce(bin, dir, user);
        return { adminUrl: cluster.adminUrl, stop: async () => { await cluster.stop(); remove(); } };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    remove();
    throw error;
  }
}

/** What the global setup hands the test files (`inject('postgres')`): where to make databases, or why there is none. */
export type PostgresTestContext = { adminUrl: string; template: string } | { skipReason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresTestContext;
  }
}
