import type { Clock } from '../../server/deps.js';

/** A clock that moves only when told to. */
export interface FixedClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function fixedClock(startMs = Date.UTC(2026, 10, 23, 12, 0, 0)): FixedClock {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
