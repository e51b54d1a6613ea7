import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import type { Store, StoreRepos, StoreTx } from '../types.js';
import { ConnectionLock } from './connection-lock.js';
import { openDatabase } from './db.js';
import { syncRepos, type SyncRepos } from './repos.js';

type Call = (run: () => unknown) => Promise<unknown>;

/**
 * The transaction, if any, whose callback the current code runs in (however deeply it awaited since).
 * Enabled only while some transaction is open: an enabled AsyncLocalStorage makes Node 20 run its
 * promise hooks on every promise in the process, which cost ~10% of a small request's CPU, and it is
 * only read while a transaction holds a connection (see `insideOwnTransaction`).
 */
const openTransaction = new AsyncLocalStorage<{ open: boolean; lock: ConnectionLock }>();
/** Transactions open now, on every SQLite store of the process (they share `openTransaction`). */
let openTransactions = 0;

/** Runs `fn` with `state` as the open transaction; tracking stops once no store has one open. */
async function trackTransaction<T>(state: { open: boolean; lock: ConnectionLock }, fn: () => Promise<T>): Promise<T> {
  openTransactions++;
  try {
    return await openTransaction.run(state, fn);
  } finally {
    if (--openTransactions === 0) openTransaction.disable();
  }
}

/** A call on the store from inside its own open transaction would wait for that transaction: forever. */
export class StoreDeadlockError extends Error {
  constructor() {
    super('store: called the store itself inside one of its open transactions; use the transaction handle');
  }
}

/** A settled promise of what `run` answers or throws, without waiting a turn. */
function settle(run: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/** One repository's methods answering by promise, each call made through `call`. */
function asyncRepo(repo: Record<string, (...args: unknown[]) => unknown>, call: Call): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const name of Object.keys(repo)) {
    const method = repo[name]!;
    methods[name] = (...args: unknown[]) => call(() => method(...args));
  }
  return methods;
}

/** The same repositories answering by promise, each call made through `call`. */
function asyncRepos(repos: SyncRepos, call: Call): StoreRepos {
  const wrapped: Record<string, unknown> = {};
  for (const area of Object.keys(repos)) wrapped[area] = asyncRepo(repos[area as keyof SyncRepos] as never, call);
  return wrapped as unknown as StoreRepos;
}

/** Where a handle keeps its `call` for the prototype's getters. */
const CALL = Symbol('call');

/**
 * The prototype of a transaction's handle: each repository is wrapped on its first use in that
 * transaction. A transaction touches a few of the ~20 areas, and wrapping all ~130 methods for every
 * transaction was a visible share of a short write's CPU (an `mfa-otp` verify opens one).
 */
function lazyReposPrototype(repos: SyncRepos): object {
  const prototype = {};
  for (const area of Object.keys(repos)) {
    Object.defineProperty(prototype, area, {
      enumerable: true,
      get(this: { [CALL]: Call }) {
        const wrapped = asyncRepo(repos[area as keyof SyncRepos] as never, this[CALL]);
        Object.defineProperty(this, area, { value: wrapped, enumerable: true });
        return wrapped;
      },
    });
  }
  return prototype;
}

/** Runs `fn` inside a savepoint named for its depth; undone alone when `fn` throws. */
async function savepoint<T>(db: Database.Database, depth: number, fn: () => Promise<T>): Promise<T> {
  const name = `tx_${depth}`;
  db.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    db.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    db.exec(`ROLLBACK TO ${name}`);
    db.exec(`RELEASE ${name}`);
    throw error;
  }
}

/** The handle of an open transaction: its calls run at once (it holds the connection), and fail once it ended. */
function transactionHandle(db: Database.Database, lazyRepos: object, state: { open: boolean }, depth: number): StoreTx {
  const call: Call = (run) => (state.open ? settle(run) : Promise.reject(new Error('store: a transaction handle was used after its transaction ended')));
  const handle = Object.create(lazyRepos) as StoreTx & { [CALL]: Call };
  handle[CALL] = call;
  handle.transaction = (fn) => savepoint(db, depth + 1, () => fn(transactionHandle(db, lazyRepos, state, depth + 1)));
  return handle;
}

/**
 * The SQLite store over one connection. better-sqlite3 answers synchronously, so a transaction that
 * awaits between statements holds the connection lock from BEGIN IMMEDIATE to COMMIT; a call on the
 * store meanwhile waits for the commit (it neither sees nor shares the transaction's writes).
 */
export function createSqliteStore(db: Database.Database): Store {
  const lock = new ConnectionLock();
  const repos = syncRepos(db);
  const lazyRepos = lazyReposPrototype(repos);
  const insideOwnTransaction = () => {
    const current = openTransaction.getStore();
    return current !== undefined && current.open && current.lock === lock;
  };
  const call: Call = (run) => {
    if (lock.idle) return settle(run);
    if (insideOwnTransaction()) return Promise.reject(new StoreDeadlockError());
    return lock.hold(async () => run());
  };
  return {
    ...asyncRepos(repos, call),
    transaction: (fn) => {
      if (!lock.idle && insideOwnTransaction()) return Promise.reject(new StoreDeadlockError());
      return lock.hold(async () => {
        const state = { open: true, lock };
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await trackTransaction(state, () => fn(transactionHandle(db, lazyRepos, state, 0)));
          db.exec('COMMIT');
          return result;
        } catch (error) {
          // A failed statement may already have ended the transaction (SQLite rolls back on some errors).
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          state.open = false;
        }
      });
    },
    close: () => lock.hold(async () => void db.close()),
  };
}

/** The embedded store: a database file (created and migrated if needed), or an open connection. */
export function openSqliteStore(source: string | Database.Database): Store {
  return createSqliteStore(typeof source === 'string' ? openDatabase(source) : source);
}
