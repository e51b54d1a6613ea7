import type { Database } from 'better-sqlite3';

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
  details: string;
}

export interface LogQuery {
  where: string;
  params: (string | number)[];
}

export interface AuditLogRepo {
  insert(row: Omit<LogRow, 'seq'>): void;
  find(logId: string): LogRow | undefined;
  forUser(userId: string): LogRow[];
  all(): LogRow[];
  /**
   * A page, newest first (or oldest first with `ascending`), and with `withTotal` the count of all
   * matches (a second query over every match: only when the caller shows it).
   */
  page(query: LogQuery, offset: number, limit: number, ascending: boolean, withTotal: boolean): { logs: LogRow[]; total?: number };
  /**
   * Deletes up to `batch` of the oldest entries, those before the first one dated at or after
   * `beforeMs`, and none after `keepAfterSeq` (an active log stream's cursor: events it has yet to
   * deliver); returns how many went.
   */
  purge(beforeMs: number, keepAfterSeq: number, batch: number): number;
  /** Checkpoint paging: up to `take` rows after the row `fromLogId`, oldest first. */
  after(query: LogQuery, fromSeq: number, take: number): LogRow[];
}

export function auditLogRepo(db: Database): AuditLogRepo {
  return {
    insert(row) {
      db.prepare(
        `INSERT INTO logs (log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details)
         VALUES (@log_id, @type, @date, @description, @client_id, @client_name, @user_id, @user_name, @ip, @user_agent, @details)`,
      ).run(row);
    },
    find: (logId) => db.prepare<[string], LogRow>('SELECT * FROM logs WHERE log_id = ?').get(logId),
    page(query, offset, limit, ascending, withTotal) {
      const logs = db
        .prepare<unknown[], LogRow>(`SELECT * FROM logs WHERE ${query.where} ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`)
        .all(...query.params, limit, offset);
      if (!withTotal) return { logs };
      const total = db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM logs WHERE ${query.where}`).get(...query.params)?.n ?? 0;
      return { logs, total };
    },
    // Dates rise with seq (both are given as the entry is written), so the expired entries are a prefix
    // of the primary key: finding its end reads only that prefix, and each batch is one short
    // transaction over a key range, however large the table.
    purge(beforeMs, keepAfterSeq, batch) {
      const firstKept = db.prepare<[number], { seq: number }>('SELECT seq FROM logs WHERE date >= ? ORDER BY seq LIMIT 1').get(beforeMs)?.seq;
      const last = Math.min(firstKept === undefined ? Number.MAX_SAFE_INTEGER : firstKept - 1, keepAfterSeq);
      return db.prepare<[number, number]>('DELETE FROM logs WHERE seq IN (SELECT seq FROM logs WHERE seq <= ? ORDER BY seq LIMIT ?)').run(last, batch).changes;
    },
    after: (query, fromSeq, take) =>
      db
        .prepare<unknown[], LogRow>(`SELECT * FROM logs WHERE seq > ? AND (${query.where}) ORDER BY seq ASC LIMIT ?`)
        .all(fromSeq, ...query.params, take),
    forUser: (userId) => db.prepare<[string], LogRow>('SELECT * FROM logs WHERE user_id = ? ORDER BY seq').all(userId),
    all: () => db.prepare<[], LogRow>('SELECT * FROM logs ORDER BY seq').all(),
  };
}
