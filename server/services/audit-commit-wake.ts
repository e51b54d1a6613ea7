import type { Store, StoreRepos, StoreTx } from '../store/types.js';

/** One attempt of one transaction (PostgreSQL may run the callback again): did it write an audit row? */
interface Attempt {
  audited: boolean;
}

export interface AuditCommitWake {
  /** The store to build the server on: its transactions wake once after committing an audit row. */
  store: Store;
  /** The audit log wrote a row through `through`: inside a transaction, wake once it commits; else now. */
  recorded(through: StoreRepos): void;
}

/**
 * Wakes the log-stream worker when audit rows are there to read. A row written inside a transaction is
 * invisible to the worker's own connection until the commit (on PostgreSQL a round trip after the write),
 * so the wake waits for the commit; a transaction that wrote no row wakes nothing, since each wake costs
 * the worker a pass over every active stream. A rolled-back savepoint may have undone the row: the wake
 * then finds nothing new, which is harmless.
 */
export function wakeAfterAuditCommit(store: Store, wake: () => void): AuditCommitWake {
  const attempts = new WeakMap<StoreRepos, Attempt>();

  /** The handle the callback sees: known here by identity, its savepoints too, so a row marks its attempt. */
  function tracked(tx: StoreTx, attempt: Attempt): StoreTx {
    // Inherits from the engine's handle rather than copying it: a handle may keep its repositories on its
    // prototype (SQLite builds each on first use), which a spread would not copy.
    const handle = Object.create(tx) as StoreTx;
    handle.transaction = (fn) => tx.transaction((inner) => fn(tracked(inner, attempt)));
    attempts.set(handle, attempt);
    return handle;
  }

  return {
    store: {
      ...store,
      async transaction(fn) {
        let last: Attempt | undefined;
        const result = await store.transaction((tx) => fn(tracked(tx, (last = { audited: false }))));
        if (last?.audited) wake();
        return result;
      },
    },
    recorded(through) {
      const attempt = attempts.get(through);
      if (attempt) attempt.audited = true;
      else wake();
    },
  };
}
