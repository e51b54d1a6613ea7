/**
 * One holder at a time over the single better-sqlite3 connection. A transaction holds it from BEGIN to
 * COMMIT, awaits included, so no other request's statement lands inside it; other callers wait their
 * turn in order. `idle` lets a call made while nobody holds it or waits skip the queue entirely.
 */
export class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  get idle(): boolean {
    return this.waiting === 0;
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.waiting += 1;
    try {
      await previous;
      return await work();
    } finally {
      this.waiting -= 1;
      release();
    }
  }
}
