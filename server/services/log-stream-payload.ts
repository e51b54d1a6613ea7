import type { LogRow } from '../store/audit-log.js';
import type { HttpContentFormat, StoredSink } from '../store/log-streams.js';
import { logView } from './log-view.js';

/** Events per POST for the batching formats; JSONOBJECT sends one event per POST. */
export const LOG_STREAM_BATCH_SIZE = 100;

export function batchSize(format: HttpContentFormat): number {
  return format === 'JSONOBJECT' ? 1 : LOG_STREAM_BATCH_SIZE;
}

/**
 * Auth0's HTTP log streams send each event as `{ log_id, data }`, `data` being the event as
 * GET /api/v2/logs shows it (https://auth0.com/docs/customize/log-streams/custom-log-streams).
 */
export function streamEvent(row: LogRow): { log_id: string; data: ReturnType<typeof logView> } {
  return { log_id: row.log_id, data: logView(row) };
}

/** One POST body: a JSON array, newline-separated JSON objects, or a single object. */
export function encodeBatch(format: HttpContentFormat, rows: LogRow[]): string {
  return encodeEvents(format, rows.map(streamEvent));
}

export function encodeEvents(format: HttpContentFormat, events: { log_id: string; data: ReturnType<typeof logView> }[]): string {
  if (format === 'JSONARRAY') return JSON.stringify(events);
  if (format === 'JSONLINES') return events.map((event) => JSON.stringify(event)).join('\n');
  return JSON.stringify(events[0]);
}

/** Custom headers first, so the ones Tessera sets cannot be overridden (the API refuses them too). */
export function deliveryHeaders(sink: StoredSink, authorization: string | null): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { header, value } of sink.httpCustomHeaders) headers[header.toLowerCase()] = value;
  headers['content-type'] = sink.httpContentType;
  if (authorization !== null) headers.authorization = authorization;
  return headers;
}
