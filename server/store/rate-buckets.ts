import type { Database } from 'better-sqlite3';

/** A token bucket: `capacity` tokens, refilled at one token per `refillMs`. */
export interface BucketPolicy {
  capacity: number;
  refillMs: number;
}

export interface RateBucketRepo {
  /** Tokens available now, without taking any. */
  available(key: string, policy: BucketPolicy, now: number): number;
  /** Takes one token; returns the tokens left (negative never: it floors at 0). */
  take(key: string, policy: BucketPolicy, now: number): number;
  reset(key: string): void;
}

/** Persisted in SQLite so a restart does not hand an attacker a fresh bucket. */
export function rateBucketRepo(db: Database): RateBucketRepo {
  const get = db.prepare<[string], { tokens: number; updated_at: number }>('SELECT tokens, updated_at FROM rate_buckets WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO rate_buckets (key, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at',
  );
  const level = (key: string, policy: BucketPolicy, now: number): number => {
    const row = get.get(key);
    if (!row) return policy.capacity;
    const refilled = row.tokens + Math.max(0, now - row.updated_at) / policy.refillMs;
    return Math.min(policy.capacity, refilled);
  };
  const take = db.transaction((key: string, policy: BucketPolicy, now: number) => {
    const left = Math.max(0, level(key, policy, now) - 1);
    put.run(key, left, now);
    return left;
  });
  return {
    available: (key, policy, now) => level(key, policy, now),
    take: (key, policy, now) => take(key, policy, now),
    reset(key) {
      db.prepare('DELETE FROM rate_buckets WHERE key = ?').run(key);
    },
  };
}
