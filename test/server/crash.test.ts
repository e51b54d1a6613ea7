import { mkdirSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, it as base } from 'vitest';
import { freePort, ServerGroup, type RunningServer, type ServerProcess } from '../helpers/process.js';

/** kill -9 of the real server process during its first start and during writes, then a restart. */

const DB_FILE = 'tessera.db';
const CREDENTIALS_FILE = 'admin-client.json';
const CONNECTION = 'Username-Password-Authentication';
// Writes in flight at once, and how many must be acknowledged before the kill: the kill lands mid-stream
// by count, not by time.
const WRITERS = 4;
const ACKNOWLEDGED_BEFORE_KILL = 12;
// Two real starts and production-cost password hashes: slow on a busy machine, so a wide bound.
const WRITES_TIMEOUT_MS = 120_000;

interface Workspace {
  dataDir: string;
  servers: ServerGroup;
  /** One port for every start of this data dir: the issuer, and so the file's audience, names it. */
  env: Record<string, string>;
}

const it = base.extend<{ ws: Workspace }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
  ws: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
    const servers = new ServerGroup();
    const dataDir = join(root, 'data');
    // Made here (as the server would make it) so the test can watch files appear in it.
    mkdirSync(dataDir, { mode: 0o700 });
    try {
      await use({ dataDir, servers, env: { TESSERA_PORT: String(await freePort()) } });
    } finally {
      await servers.killAll();
      rmSync(root, { recursive: true, force: true });
    }
  },
});

/** Kills the process `delayMs` after `name` appears in `dir` (or lets it be, if it exits first). */
function killAfterCreated(server: ServerProcess, dir: string, name: string, delayMs = 0): Promise<unknown> {
  return new Promise((resolve) => {
    const kill = () => server.child.kill('SIGKILL');
    const watcher = watch(dir, (_event, file) => {
      if (file === name) setTimeout(kill, delayMs);
    });
    void server.exited.then((exit) => {
      watcher.close();
      resolve(exit);
    });
  });
}

/** mulberry32: a seeded PRNG, so the "random" kill delays are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function postForm(server: RunningServer, path: string, params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A Management API token from the credentials file alone: what an operator has after a crash. */
async function tokenFromCredentialsFile(server: RunningServer, dataDir: string): Promise<string> {
  const file = JSON.parse(readFileSync(join(dataDir, CREDENTIALS_FILE), 'utf8')) as { client_id: string; client_secret: string; audience: string };
  const response = await postForm(server, '/oauth/token', { grant_type: 'client_credentials', client_id: file.client_id, client_secret: file.client_secret, audience: file.audience });
  if (response.status !== 200) throw new Error(`management token: ${JSON.stringify(response.body)}`);
  return (response.body as { access_token: string }).access_token;
}

/** Read after the server has stopped, on a connection of the test's own. */
function inspect(dataDir: string): { integrity: unknown; tenants: number; emails: Set<string> } {
  const db = new Database(join(dataDir, DB_FILE), { fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check'),
      tenants: (db.prepare('SELECT count(*) AS n FROM tenant').get() as { n: number }).n,
      emails: new Set((db.prepare('SELECT email FROM users').all() as { email: string }[]).map((row) => row.email)),
    };
  } finally {
    db.close();
  }
}

type KillAt = (server: ServerProcess, dataDir: string) => Promise<unknown>;

const random = seeded(0x7e55e4a);
// The database appears before migrations, the bootstrap and the listen: delays after it spread the
// kills over the rest of the start, the same on every run.
const KILL_POINTS: { point: string; killAt: KillAt }[] = [
  ...['data.key', DB_FILE, `${CREDENTIALS_FILE}.tmp`, CREDENTIALS_FILE].map((name) => ({
    point: `when ${name} appears`,
    killAt: (server: ServerProcess, dataDir: string) => killAfterCreated(server, dataDir, name),
  })),
  ...[0, 1].map((i) => {
    const delayMs = Math.floor(random() * 1000);
    return {
      point: `${String(delayMs)} ms after ${DB_FILE} appears (seeded delay #${String(i)})`,
      killAt: (server: ServerProcess, dataDir: string) => killAfterCreated(server, dataDir, DB_FILE, delayMs),
    };
  }),
];

describe('kill -9 during the first start', () => {
  // Whatever point the process dies at (even after it finished starting), the next start leaves a
  // tenant whose admin credentials are in the file, and an intact database.
  it.for(KILL_POINTS)('$point: the restart yields a Management token from the credentials file', { timeout: WRITES_TIMEOUT_MS }, async ({ killAt }, { ws, expect }) => {
    await killAt(ws.servers.launch(ws.dataDir, ws.env), ws.dataDir);

    const server = await ws.servers.start(ws.dataDir, ws.env);
    expect(await tokenFromCredentialsFile(server, ws.dataDir)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await server.stop();
    const state = inspect(ws.dataDir);
    expect(state.integrity).toEqual([{ integrity_check: 'ok' }]);
    expect(state.tenants).toBe(1);
  });
});

describe('kill -9 during writes', () => {
  it('keeps every acknowledged user, and the database stays intact', async ({ ws, expect }) => {
    const server = await ws.servers.start(ws.dataDir, ws.env);
    const token = await tokenFromCredentialsFile(server, ws.dataDir);
    const acknowledged: string[] = [];
    let next = 0;
    let killed: Promise<unknown> | undefined;
    const createUsers = async () => {
      while (!killed) {
        const email = `user${String(next++)}@example.com`;
        const status = await fetch(new URL('/api/v2/users', server.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ connection: CONNECTION, email, password: 'correct horse battery staple' }),
        }).then((response) => response.status, () => 0);
        if (status === 201) acknowledged.push(email);
        if (acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL && !killed) {
          server.child.kill('SIGKILL');
          killed = server.exited;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, createUsers));
    await killed;

    const restarted = await ws.servers.start(ws.dataDir, ws.env);
    await tokenFromCredentialsFile(restarted, ws.dataDir);
    await restarted.stop();
    const state = inspect(ws.dataDir);
    expect(state.integrity).toEqual([{ integrity_check: 'ok' }]);
    expect(acknowledged.filter((email) => !state.emails.has(email))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
  }, WRITES_TIMEOUT_MS);
});
