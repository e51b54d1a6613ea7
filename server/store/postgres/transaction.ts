import type pg from 'pg';
import type { StoreRepos, StoreTx } from '../types.js';
import type { Queryable } from './queryable.js';

/** Every repository over one queryable (the pool, or a transaction's client). */
export type ReposOver = (q: Queryable) => StoreRepos;

/**
 * SQLSTATEs after which PostgreSQL asks the client to run the whole transaction again
 * (https://www.postgresql.org/docs/current/mvcc-serialization-failure-handling.html):
 * serialization_failure and deadlock_detected.
 */
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (RETRYABLE.has((cause as { code?: unknown }).code as string)) return true;
  }
  return false;
}

export interface RetryPolicy {
  /** Runs of the callback at most (the first included). */
  attempts: number;
  /** The backoff before retry n is a random time up to min(maxDelayMs, baseDelayMs * 2^n) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseDelayMs: 2, maxDelayMs: 250 };

export function backoffMs(policy: RetryPolicy, retry: number): number {
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/** A client's queries, refused once its transaction ended (so a leaked handle cannot write outside it). */
function guarded(client: pg.PoolClient, state: { open: boolean }): Queryable {
  return {
    query: (text, values) =>
      state.open ? client.query(text, values) : Promise.reject(new Error('store: a transaction handle was used after its transaction ended')),
  };
}

/** Runs `fn` inside a savepoint named for its depth; undone alone when `fn` throws. */
async function savepoint<T>(q: Queryable, depth: number, fn: () => Promise<T>): Promise<T> {
  const name = `tx_${depth}`;
  await q.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await q.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await q.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await q.query(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
}

/** The handle of an open transaction: its repositories run on the transaction's client. */
export function transactionHandle(q: Queryable, repos: ReposOver, depth: number): StoreTx {
  return {
    ...repos(q),
    transaction: (fn) => savepoint(q, depth + 1, () => fn(transactionHandle(q, repos, depth + 1))),
  };
}

/**
 * One attempt: BEGIN … COMMIT on `client`, rolled back when `fn` (or the commit) throws. A failed ROLLBACK
 * (the connection broke) is kept in `outcome.broken`, so the caller destroys the client instead of pooling it.
 */
export async function attempt<T>(client: pg.PoolClient, repos: ReposOver, fn: (tx: StoreTx) => Promise<T>, outcome: { broken?: Error }): Promise<T> {
  const state = { open: true };
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  try {
    const result = await fn(transactionHandle(guarded(client, state), repos, 0));
    state.open = false;
    await client.query('COMMIT');
    return result;
  } catch (error) {
    state.open = false;
    // After a failed COMMIT the transaction is already over; ROLLBACK then only warns.
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      outcome.broken = rollbackError;
    });
    throw error;
  }
}
