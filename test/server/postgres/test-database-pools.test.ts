import type pg from 'pg';
import { expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { queryRows } from '../../helpers/db.js';
import { describePostgres, releaseTestDatabase, takeTestDatabase } from '../../helpers/postgres.js';
import { borrowPool, databasePool } from '../../helpers/postgres-pools.js';

/** What one connection's session holds, read on that connection. */
const SESSION_STATE = `SELECT current_setting('statement_timeout') AS timeout, current_setting('application_name') AS app,
  (SELECT count(*)::int FROM pg_listening_channels()) AS channels,
  (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS advisory,
  (SELECT count(*)::int FROM pg_class WHERE relpersistence = 't') AS temp_tables,
  pg_backend_pid() AS pid`;

async function pidOf(client: pg.PoolClient): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
}

/** Takes a database as a test server does, and holds `count` of its pooled connections at once. */
async function holdConnections(count: number) {
  const url = await takeTestDatabase();
  const pool = databasePool(url);
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  return { url, pool, clients };
}

/**
 * Takes the database again, as the next test server does, and holds every connection its pool kept. A
 * database this worker reused before (other files of the run) may pool more connections than the test held,
 * and the pool hands idle ones out in no promised order: holding them all shows which backends it kept.
 */
async function holdAll() {
  const url = await takeTestDatabase();
  const pool = databasePool(url);
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  const pids = await Promise.all(clients.map(pidOf));
  return { url, pool, clients, pids };
}

describePostgres('the test databases’ kept pools (test/helpers/postgres-pools.ts)', () => {
  it('hands the next server the same connections with none of the last server’s session state', async () => {
    const { url, clients } = await holdConnections(3);
    for (const [key, client] of clients.entries()) {
      await client.query(`SET statement_timeout = '7s'; SET application_name = 'leaky'; LISTEN leaky; CREATE TEMP TABLE leaky (n int)`);
      await client.query('SELECT pg_advisory_lock($1)', [key]);
    }
    const pids = await Promise.all(clients.map(pidOf));
    for (const client of clients) client.release();
    releaseTestDatabase(url);

    const next = await holdAll();
    expect(next.url).toBe(url);
    const states = await Promise.all(next.clients.map(async (client) => (await client.query(SESSION_STATE)).rows[0] as Record<string, unknown>));
    for (const client of next.clients) client.release();
    releaseTestDatabase(url);
    // The same backends (no new ones for the next server), every one back as a new session starts.
    expect(next.pids).toEqual(expect.arrayContaining(pids));
    expect(states.map(({ pid: _pid, ...state }) => state)).toEqual(Array(states.length).fill({ timeout: '0', app: '', channels: 0, advisory: 0, temp_tables: 0 }));
  });

  it('closes a connection given back inside a transaction, so its uncommitted rows and locks go with it', async () => {
    const { url, clients } = await holdConnections(2);
    const [open, idle] = clients as [typeof clients[0], typeof clients[0]];
    await open.query(`BEGIN; INSERT INTO connections (id, name, strategy) VALUES ('con_leaked', 'leaked', 'auth0')`);
    const pids = [await pidOf(open), await pidOf(idle)];
    open.release();
    idle.release();
    releaseTestDatabase(url);

    const next = await holdAll();
    expect(next.url).toBe(url);
    for (const client of next.clients) client.release();
    releaseTestDatabase(url);
    expect(next.pids).toContain(pids[1]);
    expect(next.pids).not.toContain(pids[0]);
    expect(await queryRows({ dbPath: url }, `SELECT id FROM connections WHERE id = 'con_leaked'`)).toEqual([]);
  });

  it('gives a server’s rows to no later server: each takes the database as the template made it', async () => {
    const url = await takeTestDatabase();
    const store = createPostgresStore(borrowPool(url));
    await store.tenant.create('Tessera', 1);
    await store.close();
    releaseTestDatabase(url);

    const again = await takeTestDatabase();
    expect(again).toBe(url);
    const next = createPostgresStore(borrowPool(again));
    try {
      expect(await next.tenant.exists()).toBe(false);
      expect((await next.connections.all()).map(({ name }) => name)).toEqual(['Username-Password-Authentication']);
    } finally {
      await next.close();
      releaseTestDatabase(again);
    }
  });

  it('refuses a borrowed pool after its end(), as pg.Pool does, while the shared pool stays open', async () => {
    const url = await takeTestDatabase();
    const borrowed = borrowPool(url);
    await borrowed.end();
    await expect(borrowed.query('SELECT 1')).rejects.toThrow('Cannot use a pool after calling end on the pool');
    await expect(borrowed.connect()).rejects.toThrow('Cannot use a pool after calling end on the pool');
    await expect(borrowed.end()).rejects.toThrow('Called end on pool more than once');
    expect((await databasePool(url).query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    releaseTestDatabase(url);
  });
});
