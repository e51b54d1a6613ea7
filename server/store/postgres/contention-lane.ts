import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One store's lane for contended transactions. Under SERIALIZABLE, transactions that read and write the
 * same rows fail all but one of each concurrent batch; retried side by side, they keep failing each other
 * (50 of them on one row needed up to 9 runs). So a transaction that lost a race runs again in this lane,
 * one at a time, and while any is queued here new transactions queue behind it: the process stops racing
 * itself until the lane drains, and only another instance can still make a retry fail.
 */
export class ContentionLane {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  /**
   * The lane whose transaction the current code runs in, so a nested `store.transaction` never waits for its
   * own lane. Enabled only while one of this lane's transactions runs: an enabled AsyncLocalStorage makes
   * Node 20 run its hooks on every promise and async resource of the process (as the SQLite store notes).
   */
  private readonly inside = new AsyncLocalStorage<ContentionLane>();
  /** This lane's transaction callbacks running now (`within`). */
  private running = 0;

  /**
   * Whether a run starting now queues: a retry, or any run while others are queued; never one started from
   * inside this store's transaction (it would wait for the run that waits for it).
   */
  queues(retry: boolean): boolean {
    return this.inside.getStore() !== this && (retry || this.queued > 0);
  }

  /** Runs `fn` (one transaction run) after every run queued before it. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise((resolve) => (done = resolve));
    try {
      await previous;
      return await fn();
    } finally {
      this.queued -= 1;
      done();
    }
  }

  /** Marks the code `fn` runs (a transaction's callback) as inside this store's transaction. */
  async within<T>(fn: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await this.inside.run(this, fn);
    } finally {
      // Outside every transaction `getStore()` answers undefined either way; disabled, it costs nothing.
      if (--this.running === 0) this.inside.disable();
    }
  }
}
