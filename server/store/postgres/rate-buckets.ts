import { prepared, type Queryable } from './queryable.js';
import { wholeTokenAt, type BucketPolicy, type RateBucketRepo } from '../rate-buckets.js';

// The bucket's level now, as SQLite's repo computes it: stored tokens plus the refill since, at most capacity.
// $2 capacity, $3 now, $4 refillMs.
const LEVEL = 'LEAST($2::float8, rate_buckets.tokens + GREATEST(0, $3::bigint - rate_buckets.updated_at)::float8 / $4::float8)';

// One statement, so parallel callers cannot both take the last token: ON CONFLICT locks the row, and a
// caller that waited re-reads it. A new key starts full, so it takes one of `capacity`.
const CONSUME = prepared(`
INSERT INTO rate_buckets (key, tokens, updated_at) VALUES ($1, $2::float8 - 1, $3)
ON CONFLICT (key) DO UPDATE SET tokens = ${LEVEL} - 1, updated_at = EXCLUDED.updated_at
WHERE ${LEVEL} >= 1`);

const REFUND = prepared(`
INSERT INTO rate_buckets (key, tokens, updated_at) VALUES ($1, $2::float8, $3)
ON CONFLICT (key) DO UPDATE SET tokens = LEAST($2::float8, ${LEVEL} + 1), updated_at = EXCLUDED.updated_at`);
const LEVEL_OF = prepared('SELECT tokens, updated_at FROM rate_buckets WHERE key = $1');
const RESET = prepared('DELETE FROM rate_buckets WHERE key = $1');

export function rateBucketRepo(q: Queryable): RateBucketRepo {
  const level = async (key: string, policy: BucketPolicy, now: number): Promise<number> => {
    const row = (await q.query<{ tokens: number; updated_at: number }>(LEVEL_OF, [key])).rows[0];
    if (!row) return policy.capacity;
    return Math.min(policy.capacity, row.tokens + Math.max(0, now - row.updated_at) / policy.refillMs);
  };
  return {
    // A bucket of less than one token never gives one (SQLite's repo writes nothing then either).
    consume: async (key, policy, now) =>
      policy.capacity >= 1 && (await q.query(CONSUME, [key, policy.capacity, now, policy.refillMs])).rowCount === 1,
    async refund(key, policy, now) {
      await q.query(REFUND, [key, policy.capacity, now, policy.refillMs]);
    },
    isEmpty: async (key, policy, now) => (await level(key, policy, now)) < 1,
    nextTokenAt: async (key, policy, now) => wholeTokenAt(await level(key, policy, now), policy, now),
    async reset(key) {
      await q.query(RESET, [key]);
    },
  };
}
