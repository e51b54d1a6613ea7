import type { LogStreamFilter } from '../services/log-stream-categories.js';

export const LOG_STREAM_STATUSES = ['active', 'paused', 'suspended'] as const;
export type LogStreamStatus = (typeof LOG_STREAM_STATUSES)[number];

export const HTTP_CONTENT_FORMATS = ['JSONARRAY', 'JSONLINES', 'JSONOBJECT'] as const;
export type HttpContentFormat = (typeof HTTP_CONTENT_FORMATS)[number];

/** An HTTP sink as stored: everything but the Authorization value (sealed apart). */
export interface StoredSink {
  httpEndpoint: string;
  httpContentType: string;
  httpContentFormat: HttpContentFormat;
  httpCustomHeaders: { header: string; value: string }[];
}

export interface LogStream {
  id: string;
  name: string;
  type: 'http';
  status: LogStreamStatus;
  sink: StoredSink;
  /** Auth0's category filters; empty sends every event. */
  filters: LogStreamFilter[];
  /** Sealed with the server's secret box; never leaves the server except as the header it is for. */
  authorizationEnc: string | null;
  cursorSeq: number;
  failingSince: number | null;
  /** The last failed delivery, cleared by the next success. */
  lastError: { at: number; message: string } | null;
  createdAt: number;
}

export interface LogStreamRepo {
  all(): Promise<LogStream[]>;
  find(id: string): Promise<LogStream | undefined>;
  count(): Promise<number>;
  /** The newest audit-log sequence: where a new stream's cursor starts (Auth0 streams send new events). */
  lastLogSeq(): Promise<number>;
  insert(stream: Omit<LogStream, 'lastError'>): Promise<void>;
  /** Name, sink, filters, Authorization and status as given; leaves the cursor alone. */
  update(stream: Pick<LogStream, 'id' | 'name' | 'status' | 'sink' | 'filters' | 'authorizationEnc' | 'failingSince'>): Promise<void>;
  remove(id: string): Promise<boolean>;
  /**
   * Moves the cursor from `from` to `to` and clears the failure run and last error; false when the cursor was no longer
   * at `from` (the stream was deleted or another delivery moved it), so a cursor never goes back.
   */
  advance(id: string, from: number, to: number): Promise<boolean>;
  /**
   * Records an active stream's failure as its last error, starts (or continues) its failure run, and
   * suspends it once the run is `suspendAfterMs` old.
   */
  recordFailure(id: string, now: number, suspendAfterMs: number, message: string): Promise<LogStreamStatus | undefined>;
}
