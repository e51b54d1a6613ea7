import type pg from 'pg';
import type { Store } from '../types.js';
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
 * again from the start after a jittered backoff, a bounded number of times.
 */
export function createPostgresStore(pool: pg.Pool, { repos = postgresRepos, retry = DEFAULT_RETRY }: { repos?: ReposOver; retry?: RetryPolicy } = {}): Store {
  return {
    ...repos(pool),
    async transaction(fn) {
      for (let run = 1; ; run++) {
        const client = await pool.connect();
        const outcome: { broken?: Error } = {};
        try {
          return await attempt(client, repos, fn, outcome);
        } catch (error) {
          if (!isRetryable(error) || run >= retry.attempts) throw error;
        } finally {
          client.release(outcome.broken);
        }
        await sleep(backoffMs(retry, run));
      }
    },
    close: () => pool.end(),
  };
}

/** The shared store: a pool on `url`, migrated (under the migration lock) before the store answers. */
export async function openPostgresStore(url: string, options: PostgresPoolOptions = {}): Promise<Store> {
  const pool = createPostgresPool(url, options);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return createPostgresStore(pool);
}
