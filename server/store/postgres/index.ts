import type pg from 'pg';
import type { Store, StoreTx } from '../types.js';
import { ContentionLane } from './contention-lane.js';
import { migratePostgres } from './migrate.js';
import { createPostgresPool, type PostgresPoolOptions } from './pool.js';
import { postgresRepos } from './repos.js';
import { attempt, backoffMs, DEFAULT_RETRY, isRetryable, type ReposOver, type RetryPolicy } from './transaction.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The PostgreSQL store over a pool (createPostgresPool, so BIGINTs come back as numbers). A call on the
 * store itself runs on any pooled connection as its own statement; `transaction` holds one client from
 * BEGIN to COMMIT at SERIALIZABLE, so a transaction that reads, awaits and writes cannot lose an update:
 * PostgreSQL fails one of two conflicting ones (40001, or 40P01 for a deadlock), and that one is run
 * again from the start after a jittered backoff, in the contention lane, a bounded number of times.
 */
export function createPostgresStore(pool: pg.Pool, { repos = postgresRepos, retry = DEFAULT_RETRY }: { repos?: ReposOver; retry?: RetryPolicy } = {}): Store {
  const lane = new ContentionLane();
  const once = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const outcome: { broken?: Error } = {};
    try {
      return await attempt(client, repos, (tx) => lane.within(() => fn(tx)), outcome);
    } finally {
      client.release(outcome.broken);
    }
  };
  return {
    ...repos(pool),
    async transaction(fn) {
      for (let run = 1; ; run++) {
        try {
          // A retry, or any transaction while retries are queued, takes the contention lane (contention-lane.ts).
          return await (lane.queues(run > 1) ? lane.run(() => once(fn)) : once(fn));
        } catch (error) {
          if (!isRetryable(error) || run >= retry.attempts) throw error;
        }
        await sleep(backoffMs(retry, run));
      }
    },
    close: () => pool.end(),
  };
}

/** A pool on `url`, migrated (under the migration lock); ended again if the migration fails. */
export async function openMigratedPool(url: string, options: PostgresPoolOptions = {}): Promise<pg.Pool> {
  const pool = createPostgresPool(url, options);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** The shared store: a pool on `url`, migrated before the store answers. */
export async function openPostgresStore(url: string, options: PostgresPoolOptions = {}): Promise<Store> {
  return createPostgresStore(await openMigratedPool(url, options));
}
