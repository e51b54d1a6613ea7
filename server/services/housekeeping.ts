import type { FastifyBaseLogger } from 'fastify';
import type { LeaseCoordination } from './leases.js';
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
  /** Runs a pass now unless another instance ran one within the interval; resolves with whether this one ran it. */
  runPass(): Promise<boolean>;
  stop(): void;
  readonly stopped: boolean;
}

/** The lease instances sharing a database take for a housekeeping pass. */
export const HOUSEKEEPING_LEASE = 'housekeeping';

/**
 * Deletions of expired rows (audit log entries past retention, spent MFA transactions), off the request
 * path: at start-up, then hourly. A failing task is logged and the others still run.
 *
 * Instances sharing a database (`coordination`) run one pass per interval between them: a pass takes the
 * lease for the whole interval and keeps it, so the others skip theirs; its holder renews it at its next
 * pass, and if the holder is gone the lease lapses and the next instance to look takes over.
 */
export function createHousekeeping(tasks: HousekeepingTask[], timers: Timers, log: FastifyBaseLogger, coordination?: LeaseCoordination): Housekeeping {
  let timer: unknown;
  let stopped = false;

  async function runAll(): Promise<void> {
    for (const task of tasks) {
      if (stopped) return;
      await task.run().catch((error: unknown) => log.error({ err: error, task: task.name }, 'housekeeping task failed'));
    }
  }

  async function runPass(): Promise<boolean> {
    if (coordination && !(await coordination.leases.tryLease(HOUSEKEEPING_LEASE, coordination.holder, HOUSEKEEPING_INTERVAL_MS))) return false;
    await runAll();
    return true;
  }

  function pass(): Promise<void> {
    return runPass()
      .then(() => undefined)
      .catch((error: unknown) => log.error({ err: error }, 'housekeeping failed'))
      .finally(schedule);
  }

  function schedule(): void {
    if (stopped) return;
    timer = timers.set(() => void pass(), HOUSEKEEPING_INTERVAL_MS);
  }

  return {
    start: () => void pass(),
    runPass,
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
    },
    get stopped() {
      return stopped;
    },
  };
}
