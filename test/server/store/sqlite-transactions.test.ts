import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import { StoreDeadlockError } from '../../../server/store/sqlite/index.js';
import { openFreshStore } from '../../helpers/db.js';
import { describeStoreTransactions } from '../../helpers/store-contract.js';

async function openTempStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-store-'));
  const store = openFreshStore(join(dir, 'tessera.db'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreTransactions('SQLite', openTempStore);

describe('SQLite store: one connection', () => {
  let opened: Awaited<ReturnType<typeof openTempStore>>;
  beforeEach(async () => {
    opened = await openTempStore();
  });
  afterEach(async () => opened.dispose());

  it('refuses a call on the store itself from inside its own transaction (it would wait forever)', async () => {
    const { store } = opened;
    await expect(store.transaction(async () => store.tenant.exists())).rejects.toBeInstanceOf(StoreDeadlockError);
    await expect(store.transaction(async () => store.transaction(async () => undefined))).rejects.toBeInstanceOf(StoreDeadlockError);
    // The store still works afterwards.
    expect(await store.tenant.exists()).toBe(false);
  });

  it('still refuses it inside a transaction after another store’s transaction, opened later, has ended (tracking counts every open one)', async () => {
    const { store } = opened;
    const other = await openTempStore();
    try {
      let signalStarted!: () => void;
      const started = new Promise<void>((resolve) => (signalStarted = resolve));
      let signalEnded!: () => void;
      const storeEnded = new Promise<void>((resolve) => (signalEnded = resolve));
      const otherTransaction = other.store.transaction(async () => {
        signalStarted();
        await storeEnded;
        return other.store.tenant.exists();
      });
      await started;
      await store.transaction(async (tx) => tx.tenant.exists());
      signalEnded();
      await expect(otherTransaction).rejects.toBeInstanceOf(StoreDeadlockError);
      // And again once every transaction has ended (tracking off in between).
      await expect(store.transaction(async () => store.tenant.exists())).rejects.toBeInstanceOf(StoreDeadlockError);
    } finally {
      await other.dispose();
    }
  });
  it('a transaction handle kept past its commit refuses calls, on repositories it used and ones it never touched', async () => {
    const { store } = opened;
    let kept!: Parameters<Parameters<Store['transaction']>[0]>[0];
    const inside = await store.transaction(async (tx) => {
      kept = tx;
      return tx.tenant.exists();
    });
    expect(inside).toBe(false);
    // `tenant` was wrapped during the transaction, `users` is wrapped only now: both answer the same refusal.
    await expect(kept.tenant.exists()).rejects.toThrow('store: a transaction handle was used after its transaction ended');
    await expect(kept.users.find('auth0|nobody')).rejects.toThrow('store: a transaction handle was used after its transaction ended');
    // Two transactions' handles are distinct objects with their own repositories.
    const [first, second] = [await store.transaction(async (tx) => tx), await store.transaction(async (tx) => tx)];
    expect(first).not.toBe(second);
    expect(first.users).not.toBe(second.users);
  });
});
