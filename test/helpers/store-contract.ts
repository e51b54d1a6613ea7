import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, StoreTx } from '../../server/store/index.js';
import type { BucketPolicy } from '../../server/store/rate-buckets.js';

/** A bucket big enough never to run dry here: each consume is one counted write. */
const WIDE: BucketPolicy = { capacity: 1_000, refillMs: 1e12 };
/** One token, never refilled: empty once taken. */
const SINGLE: BucketPolicy = { capacity: 1, refillMs: 1e12 };
const NOW = 1_000;

class RolledBack extends Error {}

/** Tokens left in `key` as `scope` sees them, counted inside a unit that is then undone. */
async function tokensLeft(scope: Pick<StoreTx, 'transaction'>, key: string): Promise<number> {
  let left = 0;
  await scope
    .transaction(async (inner) => {
      while (await inner.rateBuckets.consume(key, WIDE, NOW)) left += 1;
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return left;
}

/**
 * What every engine's `Store.transaction` must do (server/store/types.ts), for SQLite and PostgreSQL
 * alike: `open` gives a fresh, migrated store and a function that closes it and removes what it made.
 */
export function describeStoreTransactions(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  describe(`${engine} store transactions`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    const taken = async (key: string) => WIDE.capacity - (await tokensLeft(store, key));

    it('commits what the callback wrote when it resolves, and answers its value', async () => {
      const value = await store.transaction(async (tx) => {
        await tx.rateBuckets.consume('a', WIDE, NOW);
        return 'done';
      });
      expect(value).toBe('done');
      expect(await taken('a')).toBe(1);
    });

    it('rolls back every write when the callback throws, and rethrows', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.rateBuckets.consume('a', WIDE, NOW);
          await tx.rateBuckets.consume('a', WIDE, NOW);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await taken('a')).toBe(0);
    });

    it('a write from outside is not seen inside, and is not rolled back with it', async () => {
      const seenInside: boolean[] = [];
      let opened!: () => void;
      const isOpen = new Promise<void>((resolve) => (opened = resolve));
      // Another request's write, made (from its own context) while the transaction below is open: it takes
      // the only token of bucket 'b'.
      const outside = isOpen.then(() => store.rateBuckets.consume('b', SINGLE, NOW));
      const failed = store.transaction(async (tx) => {
        await tx.rateBuckets.consume('a', WIDE, NOW);
        opened();
        // PostgreSQL commits the outside write at once; SQLite, one writer at a time, holds it until this
        // transaction ends. So wait for it, but not for ever: either way it must not show in here.
        await Promise.race([outside, new Promise((resolve) => setTimeout(resolve, 250))]);
        // A read only: a write to 'b' here would meet the outside row, which SERIALIZABLE answers with a
        // serialization failure and a run of this transaction from the start, after the outside commit.
        seenInside.push(await tx.rateBuckets.isEmpty('b', SINGLE, NOW));
        throw new Error('undo');
      });
      await expect(failed).rejects.toThrow('undo');
      expect(await outside).toBe(true);
      expect(seenInside).toEqual([false]);
      expect(await taken('a')).toBe(0);
      expect(await store.rateBuckets.isEmpty('b', SINGLE, NOW)).toBe(true);
    });

    it('50 parallel read-then-write transactions that await between the two lose no update', async () => {
      await store.tenant.create('Tessera', NOW);
      const start = (await store.alerts.settings()).mass_reset.threshold;
      await Promise.all(
        Array.from({ length: 50 }, () =>
          store.transaction(async (tx) => {
            const { threshold } = (await tx.alerts.settings()).mass_reset;
            await new Promise((resolve) => setImmediate(resolve));
            await tx.alerts.update({ mass_reset: { threshold: threshold + 1 } });
          }),
        ),
      );
      expect((await store.alerts.settings()).mass_reset.threshold).toBe(start + 50);
    });

    it('a nested unit that throws undoes only its own writes', async () => {
      await store.transaction(async (tx) => {
        await tx.rateBuckets.consume('a', WIDE, NOW);
        await tx
          .transaction(async (inner) => {
            await inner.rateBuckets.consume('a', WIDE, NOW);
            throw new Error('inner');
          })
          .catch(() => undefined);
      });
      expect(await taken('a')).toBe(1);
    });

    it('a handle used after its transaction ended is refused', async () => {
      let leaked: StoreTx | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.tenant.exists()).rejects.toThrow();
    });
  });
}
