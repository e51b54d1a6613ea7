import type { IdleTimers } from '../lock-service';

/** Quiet time after the last vault change before a backup runs: a burst of edits or an import makes one file. */
export const BACKUP_DELAY_MS = 10_000;

export interface BackupScheduler {
  /** The vault changed: a backup runs BACKUP_DELAY_MS after the last of a burst of changes. */
  changed(): void;
  /** Runs a backup now (after the one running, if any); resolves when it has. */
  runNow(): Promise<void>;
  /** Whether a backup waits for its delay to end. */
  pending(): boolean;
  /** Runs a waiting backup at once and waits for any running one: on quit, so no change is left out. */
  flush(): Promise<void>;
  /** Stops the timer and waits for a running backup (never interrupted halfway). */
  close(): Promise<void>;
}

/**
 * Debounce and serialisation, nothing else: `run` is never called twice at once (a change during a
 * run queues one more run after it, which then sees the change). Timers are injected, so tests move time.
 */
export function createBackupScheduler(run: () => Promise<void>, timers: IdleTimers, delayMs = BACKUP_DELAY_MS): BackupScheduler {
  let timer: unknown;
  let running: Promise<void> | null = null;
  let again = false;

  function start(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async function runQueued() {
      do {
        again = false;
        // `run` reports its own failures; a throw here is a bug, and must not stop later backups.
        await run().catch((error: unknown) => console.error('[backup] run failed', error));
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function disarm(): boolean {
    if (timer === undefined) return false;
    timers.clearTimeout(timer);
    timer = undefined;
    return true;
  }

  return {
    changed() {
      disarm();
      timer = timers.setTimeout(() => {
        timer = undefined;
        void start();
      }, delayMs);
    },
    runNow: () => (disarm(), start()),
    pending: () => timer !== undefined,
    async flush() {
      if (disarm()) await start();
      else await running;
    },
    async close() {
      disarm();
      await running;
    },
  };
}
