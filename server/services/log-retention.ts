import type { Tessera } from '../context.js';

const DAY_MS = 24 * 3600 * 1000;
/** Entries deleted per transaction, so a large purge never holds the database for long. */
export const LOG_RETENTION_BATCH = 1000;

export interface LogRetention {
  /** Deletes every expired entry now, a batch at a time; resolves with how many went. */
  run(): Promise<number>;
}

/**
 * Audit log retention (TESSERA_LOG_RETENTION_DAYS, 30 by default as on Auth0's paid plans): entries older
 * than that are deleted (by the server's housekeeping, housekeeping.ts), except those an active log stream
 * has yet to deliver. A paused or suspended stream does not hold them: it resumes from the oldest entry kept.
 */
export function createLogRetention(t: Pick<Tessera, 'store' | 'clock'>, retentionDays: number, isStopped: () => boolean = () => false): LogRetention {
  async function keepAfterSeq(): Promise<number> {
    const cursors = (await t.store.logStreams.all()).filter((stream) => stream.status === 'active').map((stream) => stream.cursorSeq);
    return cursors.length === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...cursors);
  }

  return {
    async run() {
      const before = t.clock.now() - retentionDays * DAY_MS;
      let deleted = 0;
      for (;;) {
        const batch = await t.store.logs.purge(before, (await keepAfterSeq()), LOG_RETENTION_BATCH);
        deleted += batch;
        if (batch < LOG_RETENTION_BATCH || isStopped()) return deleted;
        // Between batches, requests waiting on the database go first.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}
