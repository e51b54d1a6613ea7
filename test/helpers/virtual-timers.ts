import type { IdleTimers } from '../../src-main/desktop/lock-service';
import type { FixedClock } from './clock';

/** Timers on a test's fixed clock: nothing fires until the test moves time, then each due timer fires in order. */
export interface VirtualTimers extends IdleTimers {
  /** Moves the clock on by `ms`, firing every timer that falls due meanwhile, at its own instant. */
  advance(ms: number): void;
  /** How far ahead of now each armed timer is due, soonest first. */
  armedMs(): number[];
}

export function virtualTimers(clock: FixedClock): VirtualTimers {
  const armed = new Map<number, { dueMs: number; callback: () => void }>();
  let next = 0;
  const soonest = () => [...armed.entries()].sort(([, a], [, b]) => a.dueMs - b.dueMs)[0];
  return {
    setTimeout(callback, ms) {
      armed.set(++next, { dueMs: clock.now() + ms, callback });
      return next;
    },
    clearTimeout: (handle) => void armed.delete(handle as number),
    advance(ms) {
      const target = clock.now() + ms;
      for (let due = soonest(); due && due[1].dueMs <= target; due = soonest()) {
        armed.delete(due[0]);
        clock.set(Math.max(clock.now(), due[1].dueMs));
        due[1].callback();
      }
      clock.set(target);
    },
    armedMs: () => [...armed.values()].map(({ dueMs }) => dueMs - clock.now()).sort((a, b) => a - b),
  };
}
