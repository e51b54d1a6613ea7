/** Reconnection policy for the push stream. */
export interface BackoffPolicy {
  /** The first delay; a server `retry:` field replaces it, as EventSource's reconnection time. */
  initialMs: number;
  maxMs: number;
  /** A connection that stayed open this long counts as healthy and resets the backoff. */
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, healthyAfterMs: 30_000 };

// A server `retry:` below this would turn a flapping server into a busy loop.
export const MIN_RETRY_MS = 250;
// An honoured `Retry-After` never parks the device for longer than this.
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Exponential backoff with "equal jitter": the delay for `attempt` (0-based) lies in
 * [ceiling/2, ceiling] where ceiling = min(maxMs, baseMs · 2^attempt), so many devices reconnecting
 * after a server restart spread out, yet none retries sooner than half the ceiling.
 */
export function reconnectDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function clampRetry(ms: number, maxMs: number): number {
  return Math.min(Math.max(ms, MIN_RETRY_MS), maxMs);
}

/** `Retry-After` in delay-seconds form (RFC 9110 §10.2.3); the HTTP-date form is ignored. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^[0-9]+$/.test(header.trim())) return undefined;
  return Math.min(Number(header.trim()) * 1000, MAX_RETRY_AFTER_MS);
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
