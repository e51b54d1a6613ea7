import { describe, expect, it } from 'vitest';
import type { BucketPolicy } from '../../../server/store/rate-buckets.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

const POLICY: BucketPolicy = { capacity: 3, refillMs: 1000 };
const NOW = 1_000_000;

/** The rate-bucket repository (server/store/rate-buckets.ts) as every engine must answer it. */
export function describeRateBucketRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} rate-bucket repository`, () => {
    const store = useFreshStore(open);

    it('gives capacity tokens, then none until they refill at one per refillMs', async () => {
      const { rateBuckets } = store();
      const taken = [];
      for (let i = 0; i < 4; i++) taken.push(await rateBuckets.consume('k', POLICY, NOW));
      expect(taken).toEqual([true, true, true, false]);
      expect(await rateBuckets.isEmpty('k', POLICY, NOW + 999)).toBe(true);
      expect(await rateBuckets.isEmpty('k', POLICY, NOW + 1000)).toBe(false);
      expect(await rateBuckets.consume('k', POLICY, NOW + 1500)).toBe(true);
      // Half a token was left over from the refill: another 500 ms makes one more.
      expect(await rateBuckets.consume('k', POLICY, NOW + 1500)).toBe(false);
      expect(await rateBuckets.consume('k', POLICY, NOW + 2000)).toBe(true);
      expect(await rateBuckets.isEmpty('other', POLICY, NOW)).toBe(false);
    });

    it('tells when an empty bucket next holds a whole token, and that a bucket with one holds it now', async () => {
      const { rateBuckets } = store();
      expect(await rateBuckets.nextTokenAt('k', POLICY, NOW)).toBe(NOW);
      for (let i = 0; i < 3; i++) await rateBuckets.consume('k', POLICY, NOW);
      expect(await rateBuckets.nextTokenAt('k', POLICY, NOW)).toBe(NOW + 1000);
      expect(await rateBuckets.nextTokenAt('k', POLICY, NOW + 999)).toBe(NOW + 1000);
      expect(await rateBuckets.nextTokenAt('k', POLICY, NOW + 1000)).toBe(NOW + 1000);
      expect(await rateBuckets.consume('k', POLICY, NOW + 1250)).toBe(true);
      // A quarter of a token is left over: three quarters of a refill more.
      expect(await rateBuckets.nextTokenAt('k', POLICY, NOW + 1250)).toBe(NOW + 2000);
    });

    it('refunds up to capacity, resets to full, and a clock going back refills nothing', async () => {
      const { rateBuckets } = store();
      for (let i = 0; i < 3; i++) await rateBuckets.consume('k', POLICY, NOW);
      await rateBuckets.refund('k', POLICY, NOW - 5000);
      expect(await rateBuckets.consume('k', POLICY, NOW - 5000)).toBe(true);
      expect(await rateBuckets.consume('k', POLICY, NOW - 5000)).toBe(false);
      for (let i = 0; i < 5; i++) await rateBuckets.refund('k', POLICY, NOW);
      const taken = [];
      for (let i = 0; i < 4; i++) taken.push(await rateBuckets.consume('k', POLICY, NOW));
      expect(taken).toEqual([true, true, true, false]);
      await rateBuckets.reset('k');
      expect(await rateBuckets.isEmpty('k', POLICY, NOW)).toBe(false);
      expect(await rateBuckets.consume('k', POLICY, NOW)).toBe(true);
    });

    it('a bucket of less than one token never gives one', async () => {
      expect(await store().rateBuckets.consume('k', { capacity: 0.5, refillMs: 1000 }, NOW)).toBe(false);
      expect(await store().rateBuckets.isEmpty('k', { capacity: 0.5, refillMs: 1000 }, NOW)).toBe(true);
    });

    it('of 20 parallel consumers of a 3-token bucket exactly 3 get a token', async () => {
      const { rateBuckets } = store();
      const taken = await Promise.all(Array.from({ length: 20 }, () => rateBuckets.consume('race', POLICY, NOW)));
      expect(taken.filter(Boolean)).toHaveLength(3);
      expect(await rateBuckets.isEmpty('race', POLICY, NOW)).toBe(true);
    });
  });
}
