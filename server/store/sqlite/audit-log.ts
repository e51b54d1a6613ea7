import type { Database } from 'better-sqlite3';
import { logFilterSql } from './log-filter.js';
import type { AuditLogRepo, LogRow } from '../audit-log.js';
import { onlyLogType } from '../log-type-total.js';
import type { Synchronous } from './synchronous.js';

/** A logs row as SQLite holds it: details as JSON text. */
type LogRecord = Omit<LogRow, 'details'> & { details: string };
const fromRecord = (row: LogRecord): LogRow => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });

export function auditLogRepo(db: Database): Synchronous<AuditLogRepo> {
  const insert = (row: Omit<LogRow, 'seq'>) => {
    db.prepare(
      `INSERT INTO logs (log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details)
       VALUES (@log_id, @type, @date, @description, @client_id, @client_name, @user_id, @user_name, @ip, @user_agent, @details)`,
    ).run({ ...row, details: JSON.stringify(row.details) });
  };
  const insertAtomically = db.transaction((rows: Omit<LogRow, 'seq'>[]) => {
    for (const row of rows) insert(row);
  });
  return {
    insert: (row) => insert(row),
    // Each row its own run of the one prepared statement: SQLite runs in this process, so a statement
    // per row costs no round trip; the gain is one store call (and one await) for the caller. All or
    // none, as PostgreSQL's one statement: inside a transaction that one already holds.
    insertAll(rows) {
      if (db.inTransaction) for (const row of rows) insert(row);
      else insertAtomically(rows);
    },
    find: (logId) => {
      const row = db.prepare<[string], LogRecord>('SELECT * FROM logs WHERE log_id = ?').get(logId);
      return row && fromRecord(row);
    },
    page(filter, offset, limit, ascending, withTotal) {
      const query = logFilterSql(filter);
      const logs = db
        .prepare<unknown[], LogRecord>(`SELECT * FROM logs WHERE ${query.where} ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`)
        .all(...query.params, limit, offset)
        .map(fromRecord);
      if (!withTotal) return { logs };
      const type = onlyLogType(filter);
      const total =
        type === undefined
          ? db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM logs WHERE ${query.where}`).get(...query.params)?.n
          : db.prepare<[string], { n: number | null }>('SELECT SUM(n) AS n FROM log_type_counts WHERE type = ?').get(type)?.n;
      return { logs, total: total ?? 0 };
    },
    // Dates rise with seq (both are given as the entry is written), so the expired entries are a prefix
    // of the primary key: finding its end reads only that prefix, and each batch is one short
    // transaction over a key range, however large the table.
    purge(beforeMs, keepAfterSeq, batch) {
      const firstKept = db.prepare<[number], { seq: number }>('SELECT seq FROM logs WHERE date >= ? ORDER BY seq LIMIT 1').get(beforeMs)?.seq;
      const last = Math.min(firstKept === undefined ? Number.MAX_SAFE_INTEGER : firstKept - 1, keepAfterSeq);
      return db.prepare<[number, number]>('DELETE FROM logs WHERE seq IN (SELECT seq FROM logs WHERE seq <= ? ORDER BY seq LIMIT ?)').run(last, batch).changes;
    },
    after: (filter, fromSeq, take) => {
      const query = logFilterSql(filter);
      return db
        .prepare<unknown[], LogRecord>(`SELECT * FROM logs WHERE seq > ? AND (${query.where}) ORDER BY seq ASC LIMIT ?`)
        .all(fromSeq, ...query.params, take)
        .map(fromRecord);
    },
    forUser: (userId) => db.prepare<[string], LogRecord>('SELECT * FROM logs WHERE user_id = ? ORDER BY seq').all(userId).map(fromRecord),
    all: () => db.prepare<[], LogRecord>('SELECT * FROM logs ORDER BY seq').all().map(fromRecord),
  };
}
