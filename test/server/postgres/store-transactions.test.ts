import { describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import { createPostgresStore, openPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { isRetryable } from '../../../server/store/postgres/transaction.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { describeStoreTransactions } from '../../helpers/store-contract.js';

async function openTestStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  const store = createPostgresStore(createPostgresPool(await createTestDatabase()));
  return { store, dispose: () => store.close() };
}

describePostgres('PostgreSQL', () => {
  // Its 50-parallel case counts through `alerts`, half B's repository: it passes once repos.ts assembles it.
  describeStoreTransactions('PostgreSQL', openTestStore);

  describe('PostgreSQL store transactions', () => {
    it('runs again a transaction that lost a serialization race, so 30 read-await-write increments all land', async () => {
      const { store, dispose } = await openTestStore();
      try {
        await store.tenant.create('Tessera', 1);
        const start = await store.tenant.guardianSettings();
        await Promise.all(
          Array.from({ length: 30 }, () =>
            store.transaction(async (tx) => {
              const settings = await tx.tenant.guardianSettings();
              await new Promise((resolve) => setImmediate(resolve));
              await tx.tenant.setGuardianSettings({ ...settings, mfa_session_inactivity_timeout: settings.mfa_session_inactivity_timeout + 1 });
            }),
          ),
        );
        expect((await store.tenant.guardianSettings()).mfa_session_inactivity_timeout).toBe(start.mfa_session_inactivity_timeout + 30);
      } finally {
        await dispose();
      }
    });

    it('gives up after the bounded number of runs and throws the serialization failure', async () => {
      const { store, dispose } = await openTestStore();
      let runs = 0;
      try {
        const failing = store.transaction(async () => {
          runs += 1;
          throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        });
        await expect(failing).rejects.toMatchObject({ code: '40001' });
        expect(runs).toBe(10);
        // Any other failure is thrown at once.
        runs = 0;
        const plain = store.transaction(async () => {
          runs += 1;
          throw new Error('plain');
        });
        await expect(plain).rejects.toThrow('plain');
        expect(runs).toBe(1);
      } finally {
        await dispose();
      }
    });

    it('a retried transaction may still open another transaction on the store itself', async () => {
      const { store, dispose } = await openTestStore();
      let runs = 0;
      try {
        const value = await store.transaction(async (tx) => {
          runs += 1;
          await tx.rateBuckets.consume('a', { capacity: 5, refillMs: 1000 }, 1);
          if (runs === 1) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
          // Runs in the contention lane: this inner one must not queue behind it.
          return store.transaction(async (inner) => inner.rateBuckets.consume('b', { capacity: 5, refillMs: 1000 }, 1));
        });
        expect([value, runs]).toEqual([true, 2]);
        // The first run's token was given back with its rollback: 'a' lost one token of five, not two.
        const left = [];
        for (let i = 0; i < 5; i++) left.push(await store.rateBuckets.consume('a', { capacity: 5, refillMs: 1000 }, 1));
        expect(left).toEqual([true, true, true, true, false]);
      } finally {
        await dispose();
      }
    });

    it('recognises serialization failures and deadlocks, also as a cause, and nothing else', () => {
      expect(isRetryable(Object.assign(new Error('x'), { code: '40001' }))).toBe(true);
      expect(isRetryable(Object.assign(new Error('x'), { code: '40P01' }))).toBe(true);
      expect(isRetryable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '40001' }) }))).toBe(true);
      expect(isRetryable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
      expect(isRetryable('40001')).toBe(false);
    });

    it('openPostgresStore migrates an empty database, and a second open applies nothing', async () => {
      const url = await createTestDatabase({ migrated: false });
      const first = await openPostgresStore(url);
      try {
        expect(await first.tenant.exists()).toBe(false);
        expect(await first.connections.all()).toHaveLength(1);
      } finally {
        await first.close();
      }
      const second = await openPostgresStore(url);
      try {
        expect(await second.connections.all()).toHaveLength(1);
      } finally {
        await second.close();
      }
    });
  });
});
