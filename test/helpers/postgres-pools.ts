import type pg from 'pg';
import { createPostgresPool } from '../../server/store/postgres/pool.js';

/**
 * One connection pool per reused test database (test/helpers/postgres.ts), kept for the worker's life, that
 * every server built on the database borrows, and that the reset and queryRows/tableSnapshot run on.
 * Each new PostgreSQL connection is a forked backend that loads its catalog caches and prepares the store's
 * statements again as the tests touch them: a pool per server opened 5–6 of them per test, which cost
 * PostgreSQL runs 3–4× SQLite's time. Connections outlive a server, so nothing a server did to a session may
 * reach the next one: `resetSessions` puts every connection back as a new one starts, or closes it.
 */
const pools = new Map<string, pg.Pool>();

/** The worker's pool on `url`, opened on first use. */
export function databasePool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    // Idle connections must not keep a worker alive at the end of the run.
    pool = createPostgresPool(url, { allowExitOnIdle: true });
    pools.set(url, pool);
  }
  return pool;
}

/** True when `url` is a database whose pool this worker keeps (one a test server took). */
export function hasDatabasePool(url: string): boolean {
  return pools.has(url);
}

/**
 * What a session can carry from one server to the next, undone (DISCARD ALL without DEALLOCATE ALL: the
 * store's prepared statements are named by a digest of their text, so one kept is the same statement the
 * next server would prepare; node-postgres remembers them per connection and would fail if they vanished).
 * The first statement reports whether the connection was outside any transaction when it ran: a transaction
 * begun by this query started at this statement, one left open earlier started before it.
 */
const SESSION_RESET = `SELECT now() = statement_timestamp() AS fresh;
  CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES`;

async function resetSession(client: pg.PoolClient): Promise<void> {
  try {
    const [outside] = (await client.query(SESSION_RESET)) as unknown as pg.QueryResult<{ fresh: boolean }>[];
    if (outside?.rows[0]?.fresh !== true) throw new Error('a pooled test connection was left inside a transaction');
    client.release();
  } catch (error) {
    // Closing the connection ends its transaction and everything else the session held.
    client.release(error as Error);
  }
}

/**
 * Resets every connection of `url`'s pool before a new server borrows it. A connection still checked out
 * (a server that never gave it back) leaves the whole pool behind: a new one replaces it.
 */
export async function resetSessions(url: string): Promise<pg.Pool> {
  const pool = databasePool(url);
  if (pool.idleCount !== pool.totalCount || pool.waitingCount > 0) {
    pools.delete(url);
    void pool.end().catch(() => undefined);
    return databasePool(url);
  }
  // With every connection idle, `connect` hands out idle ones before it opens any: these are all of them.
  const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
  await Promise.all(clients.map(resetSession));
  return pool;
}

/**
 * A test server's view of the shared pool: the store runs on it as on its own, and its `end()` (the store's
 * close) gives the pool back instead of closing the connections. Used after `end()`, it refuses as pg.Pool does.
 */
export function borrowPool(url: string): pg.Pool {
  const pool = databasePool(url);
  let ended = false;
  const refuse = () => Promise.reject(new Error('Cannot use a pool after calling end on the pool'));
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'end') {
        return async () => {
          if (ended) throw new Error('Called end on pool more than once');
          ended = true;
        };
      }
      if (key === 'ending' || key === 'ended') return ended;
      if (ended && (key === 'query' || key === 'connect')) return refuse;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
