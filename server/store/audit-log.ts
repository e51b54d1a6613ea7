import type { LogFilter } from './queries.js';


export interface LogRow {
  seq: number;
  log_id: string;
  type: string;
  date: number;
  description: string | null;
  client_id: string | null;
  client_name: string | null;
  user_id: string | null;
  user_name: string | null;
  ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
}

export interface AuditLogRepo {
  insert(row: Omit<LogRow, 'seq'>): Promise<void>;
  /** Several entries by one call, their seqs rising in the order given (one statement on PostgreSQL). */
  insertAll(rows: Omit<LogRow, 'seq'>[]): Promise<void>;
  find(logId: string): Promise<LogRow | undefined>;
  forUser(userId: string): Promise<LogRow[]>;
  all(): Promise<LogRow[]>;
  /**
   * A page, newest first (or oldest first with `ascending`), and with `withTotal` the count of all
   * matches (a second query over every match: only when the caller shows it).
   */
  page(filter: LogFilter, offset: number, limit: number, ascending: boolean, withTotal: boolean): Promise<{ logs: LogRow[]; total?: number }>;
  /**
   * Deletes up to `batch` of the oldest entries, those before the first one dated at or after
   * `beforeMs`, and none after `keepAfterSeq` (an active log stream's cursor: events it has yet to
   * deliver); returns how many went.
   */
  purge(beforeMs: number, keepAfterSeq: number, batch: number): Promise<number>;
  /** Checkpoint paging: up to `take` rows after the one numbered `fromSeq` (its `seq`), oldest first. */
  after(filter: LogFilter, fromSeq: number, take: number): Promise<LogRow[]>;
}
