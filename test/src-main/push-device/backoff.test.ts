import { describe, expect, it } from 'vitest';
import { abortableSleep, reconnectDelay, retryAfterMs } from '../../../src-main/push-device/backoff';

describe('reconnectDelay', () => {
  it.each([
    [0, 1, 1000],
    [0, 0, 500],
    [3, 1, 8000],
    [3, 0.5, 6000],
    [10, 1, 60_000],
    [50, 0, 30_000],
  ])('attempt %i with random %f waits %i ms (base 1 s, cap 60 s)', (attempt, random, expected) => {
    expect(reconnectDelay(attempt, 1000, 60_000, () => random)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['7', 7000],
    [' 0 ', 0],
    ['86400', 300_000],
    ['Wed, 21 Oct 2026 07:28:00 GMT', undefined],
    [null, undefined],
  ])('reads %j as %j', (header, expected) => {
    expect(retryAfterMs(header)).toBe(expected);
  });
});

describe('abortableSleep', () => {
  it('ends early, without rejecting, when aborted', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });
});
