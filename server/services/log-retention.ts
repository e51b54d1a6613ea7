import type { FastifyBaseLogger } from 'fastify';
import type { Tessera } from '../context.js';
import type { Timers } from './log-stream-worker.js';

const DAY_MS = 24 * 3600 * 1000;
/** How often expired entries are looked for; the first look is at start-up. */
export const LOG_RETENTION_INTERVAL_MS = 3600 * 1000;
/** Entries deleted per transaction, so a large purge never holds the database for long. */
export const LOG_RETENTION_BATCH = 1000;

/** Real timers that never keep a process alive by themselves (the hourly look is not a reason to). */
export const unrefTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LogRetention {
  /** Deletes every expired entry now, a batch at a time; resolves with how many went. */
  run(): Promise<number>;
  /** Runs now, then every LOG_RETENTION_INTERVAL_MS until stopped. */
  start(): void;
  stop(): void;
}

/**
 * Audit log retention (TESSERA_LOG_RETENTION_DAYS, 30 by default as on Auth0's paid plans): entries older
 * than that are deleted in the background, except those an active log stream has yet to deliver. A
 * paused or suspended stream does not hold them: it resumes from the oldest entry still kept.
 */
export function createLogRetention(t: Pick<Tessera, 'store' | 'clock'>, timers: Timers, log: FastifyBaseLogger, retentionDays: number): LogRetention {
  let timer: unknown;
  let stopped = false;

  function keepAfterSeq(): number {
    const cursors = t.store.logStreams.all().filter((stream) => stream.status === 'active').map((stream) => stream.cursorSeq);
    return cursors.length === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...cursors);
  }

  async function run(): Promise<number> {
    const before = t.clock.now() - retentionDays * DAY_MS;
    let deleted = 0;
    for (;;) {
      const batch = t.store.logs.purge(before, keepAfterSeq(), LOG_RETENTION_BATCH);
      deleted += batch;
      if (batch < LOG_RETENTION_BATCH || stopped) return deleted;
      // Between batches, requests waiting on the database go first.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = timers.set(() => {
      run()
        .catch((error: unknown) => log.error({ err: error }, 'audit log retention failed'))
        .finally(schedule);
    }, LOG_RETENTION_INTERVAL_MS);
  }

  return {
    run,
    start() {
      run()
        .catch((error: unknown) => log.error({ err: error }, 'audit log retention failed'))
        .finally(schedule);
    },
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
    },
  };
}
