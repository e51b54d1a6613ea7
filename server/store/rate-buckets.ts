import type { Database } from 'better-sqlite3';

/** A token bucket: `capacity` tokens, refilled at one token per `refillMs`. */
export interface BucketPolicy {
  capacity: number;
  refillMs: number;
}

export interface RateBucketRepo {
  /**
   * Takes one token if there is one; true when it did. Check and take are one transaction, so of N
   * parallel callers at most the bucket's level get `true`: callers spend before the slow work.
   */
  consume(key: string, policy: BucketPolicy, now: number): boolean;
  /** Gives back a token taken by `consume` (an attempt that succeeded should not cost the user). */
  refund(key: string, policy: BucketPolicy, now: number): void;
  /** For reporting only (was this the failure that locked the user out?): never gate on it, use `consume`. */
  isEmpty(key: string, policy: BucketPolicy, now: number): boolean;
  reset(key: string): void;
}

/** Persisted in SQLite so a restart does not hand an attacker a fresh bucket. */
export function rateBucketRepo(db: Database): RateBucketRepo {
  const get = db.prepare<[string], { tokens: number; updated_at: number }>('SELECT tokens, updated_at FROM rate_buckets WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO rate_buckets (key, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at',
  );
  const remove = db.prepare('DELETE FROM rate_buckets WHERE key = ?');
  const level = (key: string, policy: BucketPolicy, now: number): number => {
    const row = get.get(key);
    if (!row) return policy.capacity;
    const refilled = row.tokens + Math.max(0, now - row.updated_at) / policy.refillMs;
    return Math.min(policy.capacity, refilled);
  };
  const consume = db.transaction((key: string, policy: BucketPolicy, now: number): boolean => {
    const tokens = level(key, policy, now);
    if (tokens < 1) return false;
    put.run(key, tokens - 1, now);
    return true;
  });
  const refund = db.transaction((key: string, policy: BucketPolicy, now: number): void => {
    put.run(key, Math.min(policy.capacity, level(key, policy, now) + 1), now);
  });
  return {
    consume: (key, policy, now) => consume(key, policy, now),
    refund: (key, policy, now) => refund(key, policy, now),
    isEmpty: (key, policy, now) => level(key, policy, now) < 1,
    reset: (key) => void remove.run(key),
  };
}
