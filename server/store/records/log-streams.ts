import type { LogStreamFilter } from '../../services/log-stream-categories.js';
import type { LogStream, LogStreamStatus, StoredSink } from '../log-streams.js';

/** A log stream's row as both engines hold it: the sink and filters as JSON text. */
export interface LogStreamRecord {
  id: string;
  name: string;
  type: 'http';
  status: LogStreamStatus;
  sink: string;
  filters: string | null;
  authorization_enc: string | null;
  cursor_seq: number;
  failing_since: number | null;
  last_error_at: number | null;
  last_error: string | null;
  created_at: number;
}

export const fromRow = (row: LogStreamRecord): LogStream => ({
  id: row.id,
  name: row.name,
  type: row.type,
  status: row.status,
  sink: JSON.parse(row.sink) as StoredSink,
  filters: row.filters === null ? [] : (JSON.parse(row.filters) as LogStreamFilter[]),
  authorizationEnc: row.authorization_enc,
  cursorSeq: row.cursor_seq,
  failingSince: row.failing_since,
  lastError: row.last_error_at === null || row.last_error === null ? null : { at: row.last_error_at, message: row.last_error },
  createdAt: row.created_at,
});

export const filtersColumn = (filters: LogStreamFilter[]): string | null => (filters.length === 0 ? null : JSON.stringify(filters));
