import type { FastifyBaseLogger } from 'fastify';
import type { Timers } from './log-stream-worker.js';

/** How often the housekeeping runs; the first run is as the server becomes ready. */
export const HOUSEKEEPING_INTERVAL_MS = 3600 * 1000;

/** Real timers that never keep a process alive by themselves (the hourly run is no reason to). */
export const unrefTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface HousekeepingTask {
  name: string;
  /** Deletes what expired; resolves with how many rows went. */
  run(): Promise<number>;
}

export interface Housekeeping {
  start(): void;
  stop(): void;
  readonly stopped: boolean;
}

/**
 * Deletions of expired rows (audit log entries past retention, spent MFA transactions), off the request
 * path: at start-up, then hourly. A failing task is logged and the others still run.
 */
export function createHousekeeping(tasks: HousekeepingTask[], timers: Timers, log: FastifyBaseLogger): Housekeeping {
  let timer: unknown;
  let stopped = false;

  async function runAll(): Promise<void> {
    for (const task of tasks) {
      if (stopped) return;
      await task.run().catch((error: unknown) => log.error({ err: error, task: task.name }, 'housekeeping task failed'));
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = timers.set(() => void runAll().finally(schedule), HOUSEKEEPING_INTERVAL_MS);
  }

  return {
    start: () => void runAll().finally(schedule),
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
    },
    get stopped() {
      return stopped;
    },
  };
}
