import type { IpcOutcome, UserError } from '../../../src-main/ipc/contract';
import { BRIDGE_FAILED } from './admin-outcome';

export const TAIL_INTERVAL_MS = 2_000;

/** What a batch told the loop: more are waiting (call again at once), none are, or stop polling. */
export type BatchVerdict = 'full' | 'caught-up' | 'stop';

/** One tailing session: its own cursor state lives in the closures, made fresh each time polling starts. */
export interface BatchTail<T> {
  /** The next call, from wherever the last batch ended. */
  call(): Promise<IpcOutcome<T>>;
  /** Takes a successful answer. */
  take(value: T): BatchVerdict;
  /** A failed call (`null`: the next one succeeded, clear it). Polling goes on. */
  onError(error: UserError | null): void;
}

/** Timers are a parameter so a test fires the next tick itself instead of waiting for it. */
export interface TailTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: TailTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/**
 * Calls `tail` now and then every `intervalMs`, at once after a full batch. A rejected bridge call is
 * reported as BRIDGE_FAILED and retried next tick like any failed call. Returns the stop function:
 * nothing is handed over after it.
 */
export function runBatchTail<T>(tail: BatchTail<T>, intervalMs = TAIL_INTERVAL_MS, timers: TailTimers = realTimers): () => void {
  let active = true;
  let timer: unknown;

  async function tick(): Promise<void> {
    const outcome = await tail.call().catch((): IpcOutcome<T> => ({ ok: false, error: BRIDGE_FAILED }));
    if (!active) return;
    let verdict: BatchVerdict = 'caught-up';
    if (outcome.ok) {
      tail.onError(null);
      verdict = tail.take(outcome.value);
    } else tail.onError(outcome.error);
    if (verdict !== 'stop' && active) timer = timers.set(() => void tick(), verdict === 'full' ? 0 : intervalMs);
  }

  void tick();
  return () => {
    active = false;
    if (timer !== undefined) timers.clear(timer);
  };
}
