import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import { wholeTokenAt, type BucketPolicy, type RateBucketRepo } from '../rate-buckets.js';

export function rateBucketRepo(db: Database): Synchronous<RateBucketRepo> {
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
    nextTokenAt: (key, policy, now) => wholeTokenAt(level(key, policy, now), policy, now),
    reset: (key) => void remove.run(key),
  };
}
