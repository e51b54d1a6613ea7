import type { Timers } from '../../server/services/log-stream-worker.js';

export interface ManualTimers extends Timers {
  /** Delays of every timer set so far, in order. */
  readonly delays: number[];
  pending(): number;
  /** Runs every pending timer now (the test decides that the wait is over). */
  fire(): void;
}

/** Timers that never run by themselves: retries happen when the test says, never after a real wait. */
export function manualTimers(): ManualTimers {
  const timers = new Map<number, () => void>();
  const delays: number[] = [];
  let nextId = 1;
  return {
    delays,
    set(fn, ms) {
      delays.push(ms);
      const id = nextId++;
      timers.set(id, fn);
      return id;
    },
    clear: (handle) => void timers.delete(handle as number),
    pending: () => timers.size,
    fire() {
      const due = [...timers.values()];
      timers.clear();
      due.forEach((fn) => fn());
    },
  };
}

/** Polls `condition` every few milliseconds until it holds; fails after `timeoutMs`. Never a fixed sleep. */
export async function pollUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Resolves after a few turns of the event loop (setImmediate): what a request set off for the next turn has
 * run by then (the log-stream worker's wake follows a commit, and its read of the list is asked for a turn
 * later). For work that waits on I/O, use pollUntil.
 */
export async function eventLoopTurns(count = 3): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}
