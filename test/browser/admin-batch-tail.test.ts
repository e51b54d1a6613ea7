import { describe, expect, it } from 'vitest';
import type { IpcOutcome, UserError } from '../../src-main/ipc/contract';
import { BRIDGE_FAILED } from '../../src-renderer/admin/screens/admin-outcome';
import { runBatchTail, TAIL_INTERVAL_MS, type BatchVerdict } from '../../src-renderer/admin/screens/batch-tail';
import { manualTimers, pollUntil } from '../helpers/manual-timers.js';

/**
 * The polling loop the Logs and Outbox screens share (their hooks hand it their calls), driven here in
 * Node with timers the test fires: what a full batch, a failed call and a rejected bridge do next.
 */

const UNREACHABLE: UserError = { kind: 'failed', message: 'The server did not answer.' };

/** A tail whose calls answer, in turn, what `answers` says; it records what reached the screen. */
function scriptedTail(answers: (() => Promise<IpcOutcome<number>>)[], verdictOf: (batch: number) => BatchVerdict = (batch) => (batch === 100 ? 'full' : 'caught-up')) {
  const seen = { calls: 0, batches: [] as number[], errors: [] as (UserError | null)[] };
  return {
    seen,
    tail: {
      call: () => answers[seen.calls++]!(),
      take(batch: number) {
        seen.batches.push(batch);
        return verdictOf(batch);
      },
      onError: (error: UserError | null) => void seen.errors.push(error),
    },
  };
}

const batch = (size: number) => () => Promise.resolve<IpcOutcome<number>>({ ok: true, value: size });

describe('the shared batch tail', () => {
  it('a full batch fetches again at once; a short one waits the interval', async () => {
    const timers = manualTimers();
    const { tail, seen } = scriptedTail([batch(100), batch(100), batch(3)]);
    const stop = runBatchTail(tail, TAIL_INTERVAL_MS, timers);
    for (let call = 1; call <= 3; call++) {
      await pollUntil(() => timers.pending() === 1, `timer after call ${call}`);
      if (call < 3) timers.fire();
    }
    expect(seen.batches).toEqual([100, 100, 3]);
    expect(timers.delays).toEqual([0, 0, TAIL_INTERVAL_MS]);
    stop();
    expect(timers.pending()).toBe(0);
  });

  it('a failed call and a rejected bridge are reported, polling goes on, and the next success clears the error', async () => {
    const timers = manualTimers();
    const { tail, seen } = scriptedTail([
      () => Promise.resolve({ ok: false, error: UNREACHABLE }),
      () => Promise.reject(new Error('bridge gone')),
      batch(2),
    ]);
    const stop = runBatchTail(tail, TAIL_INTERVAL_MS, timers);
    for (let call = 1; call <= 3; call++) {
      await pollUntil(() => timers.pending() === 1, `timer after call ${call}`);
      if (call < 3) timers.fire();
    }
    expect(seen.errors).toEqual([UNREACHABLE, BRIDGE_FAILED, null]);
    expect(seen.batches).toEqual([2]);
    expect(timers.delays).toEqual([TAIL_INTERVAL_MS, TAIL_INTERVAL_MS, TAIL_INTERVAL_MS]);
    stop();
  });

  it('a tail that says stop is not called again', async () => {
    const timers = manualTimers();
    const { tail, seen } = scriptedTail([batch(1)], () => 'stop');
    runBatchTail(tail, TAIL_INTERVAL_MS, timers);
    await pollUntil(() => seen.batches.length === 1, 'the batch taken');
    expect(timers.delays).toEqual([]);
  });

  it('once stopped, an answer still on its way reaches nothing and schedules nothing', async () => {
    const timers = manualTimers();
    let answer: (outcome: IpcOutcome<number>) => void = () => {};
    const { tail, seen } = scriptedTail([() => new Promise((resolve) => (answer = resolve))]);
    const stop = runBatchTail(tail, TAIL_INTERVAL_MS, timers);
    await pollUntil(() => seen.calls === 1, 'the first call');
    stop();
    answer({ ok: true, value: 100 });
    // The answer's continuation has run once a later promise resolves after it.
    await Promise.resolve().then(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual({ calls: 1, batches: [], errors: [] });
    expect(timers.pending()).toBe(0);
  });
});
