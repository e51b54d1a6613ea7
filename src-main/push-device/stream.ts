import { abortableSleep, clampRetry, DEFAULT_BACKOFF, reconnectDelay, type BackoffPolicy } from './backoff';
import { deviceAccountUrl } from './base-url';
import { createDeviceTokens, type DeviceTokens } from './device-jwt';
import type { GuardianApiError } from './errors';
import { parsePushEvent, parseResolvedEvent, PUSH_EVENT_TYPES, RESOLVED_EVENT_TYPE, type PushRequest, type PushResolution } from './push-request';
import { createSseParser, type SseEvent } from './sse-parser';
import { connectOnce } from './stream-connection';
import { systemClock, type Clock, type DeviceAccount, type FetchLike, type KeyStore } from './types';

export type StreamClosed =
  | { status: 'closed'; reason: 'aborted' }
  /** The server refused the stream (401: unenrolled or wrong key; 404: no such device account). */
  | { status: 'closed'; reason: 'rejected'; error: GuardianApiError };

export type StreamState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'retrying'; attempt: number; delayMs: number; reason: string }
  | StreamClosed;

export interface StreamOptions {
  keyStore: KeyStore;
  signal: AbortSignal;
  onRequest(request: PushRequest): void;
  /** A request sent earlier was settled (by this or another device, or a wrong number). */
  onResolved?(resolution: PushResolution): void;
  onState?(state: StreamState): void;
  /** A malformed or foreign event was skipped; the stream goes on. */
  onWarning?(message: string): void;
  fetch?: FetchLike;
  clock?: Clock;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoff?: Partial<BackoffPolicy>;
  /** Reconnect when nothing, not even a heartbeat, arrived for this long; 0 disables. */
  idleTimeoutMs?: number;
  tokens?: DeviceTokens;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 90_000;
// Enough to cover every challenge the server could re-send; the oldest are forgotten first.
const REMEMBERED_TRANSACTIONS = 1_000;

/** Delivers each pending login request once, reconnecting with backoff, until aborted or refused. */
export async function openStream(account: DeviceAccount, options: StreamOptions): Promise<StreamClosed> {
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  const policy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const sleep = options.sleep ?? abortableSleep;
  const tokens = options.tokens ?? createDeviceTokens(options.keyStore, clock);
  const setState = (state: StreamState) => options.onState?.(state);
  const seen = new Set<string>();
  let baseMs = policy.initialMs;
  let lastEventId = '';
  let attempt = 0;

  function onEvent(event: SseEvent): void {
    if (event.type === RESOLVED_EVENT_TYPE) return onResolvedEvent(event);
    if (!PUSH_EVENT_TYPES.includes(event.type)) return;
    try {
      const request = parsePushEvent(event);
      if (request.notification.dai !== account.enrollmentId) {
        return options.onWarning?.(`skipped a push for another device account (${request.notification.dai})`);
      }
      if (seen.has(request.notification.txtkn)) return;
      seen.add(request.notification.txtkn);
      if (seen.size > REMEMBERED_TRANSACTIONS) seen.delete(seen.values().next().value as string);
      options.onRequest(request);
    } catch (error) {
      options.onWarning?.(error instanceof Error ? error.message : String(error));
    }
  }

  function onResolvedEvent(event: SseEvent): void {
    try {
      const resolution = parseResolvedEvent(event);
      if (resolution.enrollmentId === account.enrollmentId) options.onResolved?.(resolution);
    } catch (error) {
      options.onWarning?.(error instanceof Error ? error.message : String(error));
    }
  }

  while (!signal.aborted) {
    setState({ status: 'connecting', attempt });
    const parser = createSseParser({ onEvent, onRetry: (ms) => (baseMs = clampRetry(ms, policy.maxMs)) }, lastEventId);
    const outcome = await connectOnce({
      url: deviceAccountUrl(account.baseUrl, account.enrollmentId, '/events'),
      token: await tokens.get(account),
      lastEventId,
      fetch: options.fetch ?? fetch,
      signal,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      clock,
      parser,
      onOpen: () => setState({ status: 'open' }),
    });
    lastEventId = parser.lastEventId;
    if (signal.aborted) break;
    if (outcome.kind === 'rejected') {
      const closed: StreamClosed = { status: 'closed', reason: 'rejected', error: outcome.error };
      setState(closed);
      return closed;
    }
    if (outcome.openedAt !== null && clock.now() - outcome.openedAt >= policy.healthyAfterMs) attempt = 0;
    const delayMs = Math.max(reconnectDelay(attempt, baseMs, policy.maxMs, options.random ?? Math.random), outcome.retryAfterMs ?? 0);
    attempt += 1;
    setState({ status: 'retrying', attempt, delayMs, reason: outcome.reason });
    await sleep(delayMs, signal);
  }
  const closed: StreamClosed = { status: 'closed', reason: 'aborted' };
  setState(closed);
  return closed;
}
