import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import { StoreDeadlockError } from '../../../server/store/sqlite/index.js';
import type { BucketPolicy } from '../../../server/store/rate-buckets.js';
import { openFreshStore } from '../../helpers/db.js';

/** A bucket big enough never to run dry here: each consume is one counted write. */
const WIDE: BucketPolicy = { capacity: 1_000, refillMs: 1e12 };
const NOW = 1_000;

describe('SQLite store transactions', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-store-'));
    store = openFreshStore(join(dir, 'tessera.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Tokens taken from WIDE's bucket `key` so far. */
  const taken = async (key: string, repos = store) => {
    let left = 0;
    // isEmpty only says whether one token is left, so count by consuming in a rolled-back transaction.
    await repos.transaction(async (tx) => {
      while (await tx.rateBuckets.consume(key, WIDE, NOW)) left += 1;
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
    return WIDE.capacity - left;
  };
  class RolledBack extends Error {}

  it('commits what the callback wrote when it resolves, and answers its value', async () => {
    const value = await store.transaction(async (tx) => {
      await tx.rateBuckets.consume('a', WIDE, NOW);
      return 'done';
    });
    expect(value).toBe('done');
    expect(await taken('a')).toBe(1);
  });

  it('rolls back every write when the callback throws, and rethrows', async () => {
    await expect(store.transaction(async (tx) => {
      await tx.rateBuckets.consume('a', WIDE, NOW);
      await tx.rateBuckets.consume('a', WIDE, NOW);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await taken('a')).toBe(0);
  });

  it('a write from outside waits for the commit: not seen inside, not rolled back with it', async () => {
    let seenInside = -1;
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    // Another request's write, made (from its own context) while the transaction below is open.
    const outside = open.then(() => store.rateBuckets.consume('b', WIDE, NOW));
    const failed = store.transaction(async (tx) => {
      await tx.rateBuckets.consume('a', WIDE, NOW);
      opened();
      // Let it run if it could: several turns of the event loop.
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      seenInside = WIDE.capacity - (await countLeft(tx, 'b'));
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    expect(await outside).toBe(true);
    expect(seenInside).toBe(0);
    expect(await taken('a')).toBe(0);
    expect(await taken('b')).toBe(1);
  });

  /** Tokens left in `key` as `tx` sees them, undone by a savepoint. */
  async function countLeft(tx: Pick<Store, 'transaction'>, key: string): Promise<number> {
    let left = 0;
    await tx.transaction(async (inner) => {
      while (await inner.rateBuckets.consume(key, WIDE, NOW)) left += 1;
      throw new RolledBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
    return left;
  }

  it('50 parallel read-then-write transactions that await between the two lose no update', async () => {
    await Promise.all(Array.from({ length: 50 }, () => store.transaction(async (tx) => {
      const before = await tx.rateBuckets.isEmpty('counter', WIDE, NOW);
      await new Promise((resolve) => setImmediate(resolve));
      expect(before).toBe(false);
      await tx.rateBuckets.consume('counter', WIDE, NOW);
    })));
    expect(await taken('counter')).toBe(50);
  });

  it('a savepoint that throws undoes only its own writes', async () => {
    await store.transaction(async (tx) => {
      await tx.rateBuckets.consume('a', WIDE, NOW);
      await tx.transaction(async (inner) => {
        await inner.rateBuckets.consume('a', WIDE, NOW);
        throw new Error('inner');
      }).catch(() => undefined);
    });
    expect(await taken('a')).toBe(1);
  });

  it('refuses a call on the store itself from inside its own transaction (it would wait forever)', async () => {
    await expect(store.transaction(async () => store.tenant.exists())).rejects.toBeInstanceOf(StoreDeadlockError);
    await expect(store.transaction(async () => store.transaction(async () => undefined))).rejects.toBeInstanceOf(StoreDeadlockError);
    // The store still works afterwards.
    expect(await store.tenant.exists()).toBe(false);
  });

  it('a handle used after its transaction ended is refused', async () => {
    let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.tenant.exists()).rejects.toThrow(/after its transaction ended/);
  });
});
