import { retryAfterMs } from './backoff';
import { guardianErrorFrom, type GuardianApiError } from './errors';
import type { SseParser } from './sse-parser';
import type { Clock, FetchLike } from './types';

export interface ConnectionParams {
  url: string;
  token: string;
  lastEventId: string;
  fetch: FetchLike;
  signal: AbortSignal;
  /** No bytes (not even a heartbeat comment) for this long means a dead connection; 0 disables. */
  idleTimeoutMs: number;
  clock: Clock;
  parser: SseParser;
  onOpen(): void;
}

export type ConnectionOutcome =
  | { kind: 'rejected'; error: GuardianApiError }
  | { kind: 'dropped'; reason: string; openedAt: number | null; retryAfterMs: number | undefined };

// Any other 4xx (401 unenrolled or wrong key, 403, 404 no such device account) will not fix itself.
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One `GET …/events` request, read until the server, the network, the watchdog or the caller ends it. */
export async function connectOnce(params: ConnectionParams): Promise<ConnectionOutcome> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  params.signal.addEventListener('abort', abort, { once: true });
  // Aborted while the caller was still getting ready (signing the device token): no event will come.
  if (params.signal.aborted) controller.abort();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idleFired = false;
  const armWatchdog = () => {
    if (params.idleTimeoutMs <= 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => ((idleFired = true), controller.abort()), params.idleTimeoutMs);
  };
  const dropped = (reason: string, openedAt: number | null = null, retryAfter?: number): ConnectionOutcome => ({
    kind: 'dropped', reason, openedAt, retryAfterMs: retryAfter,
  });
  try {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${params.token}`, Accept: 'text/event-stream', 'Cache-Control': 'no-cache',
    };
    if (params.lastEventId) headers['Last-Event-ID'] = params.lastEventId;
    armWatchdog();
    let response: Response;
    try {
      response = await params.fetch(params.url, { headers, signal: controller.signal });
    } catch (error) {
      return dropped(idleFired ? 'no response before the idle timeout' : `cannot connect: ${messageOf(error)}`);
    }
    if (response.status >= 400 && response.status < 500 && !RETRYABLE_CLIENT_STATUSES.has(response.status)) {
      return { kind: 'rejected', error: await guardianErrorFrom(response) };
    }
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      return dropped(`HTTP ${response.status}`, null, retryAfter);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('text/event-stream')) {
      await response.body.cancel().catch(() => undefined);
      return dropped(`expected text/event-stream, got ${contentType || 'no content type'}`);
    }
    const openedAt = params.clock.now();
    params.onOpen();
    armWatchdog();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return dropped('the server closed the stream', openedAt);
        armWatchdog();
        params.parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      return dropped(idleFired ? `no data for ${params.idleTimeoutMs} ms` : `connection lost: ${messageOf(error)}`, openedAt);
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  } finally {
    clearTimeout(idleTimer);
    params.signal.removeEventListener('abort', abort);
  }
}
