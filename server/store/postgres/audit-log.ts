import type { AuditLogRepo, LogRow } from '../audit-log.js';
import { logFilterSql } from './log-filter.js';
import { prepared, type Queryable } from './queryable.js';

/** A logs row as PostgreSQL holds it: details as JSON text. */
type LogRecord = Omit<LogRow, 'details'> & { details: string };
const fromRecord = (row: LogRecord): LogRow => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });

/**
 * Held by every audit insert until its transaction ends. Log streams read the log by a cursor on `seq`
 * (log-streams.ts) and never look behind it, but PostgreSQL hands out identity values when a row is
 * inserted, not when it commits: without this, a transaction holding seq 7 could commit after another's
 * seq 8, a stream reading in between would move its cursor to 8, and event 7 would never be sent. With
 * it, a later seq is only handed out once the earlier one's transaction has committed (or rolled back),
 * so seq order is commit order and a reader sees no gap that fills in later. The price: transactions
 * that write audit entries run one at a time from their first entry to their commit (the server writes
 * entries after the work they record, near the commit, so that stretch is short; a transaction must not wait on
 * anything slow after writing one). Two such transactions that each wait for a row the other holds
 * deadlock, which PostgreSQL detects (advisory locks take part) and ends one of. The alternative, a reader that
 * stops below the oldest uncommitted seq, would need the writers' transaction ids on every row, which the
 * schema (shared with SQLite) does not have. Any 64-bit number works, so long as nothing else uses it
 * (migrate.ts's MIGRATION_LOCK_KEY is another).
 */
export const LOG_SEQ_LOCK_KEY = '7165230413';

// One statement, so it holds on a pool (each statement its own transaction) as in `Store.transaction`:
// the lock is taken before the row, and so before the identity default draws its seq.
const INSERT = prepared(`
WITH seq_lock AS (SELECT pg_advisory_xact_lock($1::bigint))
INSERT INTO logs (log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details)
SELECT $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM seq_lock`);

// Several entries in one statement, under the same lock: one array per column, inserted in the order
// given (WITH ORDINALITY), so the identity default hands out their seqs in that order.
const INSERT_ALL = prepared(`
WITH seq_lock AS (SELECT pg_advisory_xact_lock($1::bigint))
INSERT INTO logs (log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details)
SELECT r.log_id, r.type, r.date, r.description, r.client_id, r.client_name, r.user_id, r.user_name, r.ip, r.user_agent, r.details
FROM seq_lock, unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
  WITH ORDINALITY AS r(log_id, type, date, description, client_id, client_name, user_id, user_name, ip, user_agent, details, ord)
ORDER BY r.ord`);

const COLUMNS = ['log_id', 'type', 'date', 'description', 'client_id', 'client_name', 'user_id', 'user_name', 'ip', 'user_agent'] as const;

export function auditLogRepo(q: Queryable): AuditLogRepo {
  const many = async (sql: string, values: unknown[]) => (await q.query<LogRecord>(sql, values)).rows.map(fromRecord);
  return {
    async insert(row) {
      await q.query(INSERT, [
        LOG_SEQ_LOCK_KEY, row.log_id, row.type, row.date, row.description, row.client_id, row.client_name,
        row.user_id, row.user_name, row.ip, row.user_agent, JSON.stringify(row.details),
      ]);
    },
    async insertAll(rows) {
      if (rows.length === 0) return;
      const columns = COLUMNS.map((column) => rows.map((row) => row[column]));
      await q.query(INSERT_ALL, [LOG_SEQ_LOCK_KEY, ...columns, rows.map((row) => JSON.stringify(row.details))]);
    },
    async find(logId) {
      const row = (await q.query<LogRecord>('SELECT * FROM logs WHERE log_id = $1', [logId])).rows[0];
      return row && fromRecord(row);
    },
    async page(filter, offset, limit, ascending, withTotal) {
      const query = logFilterSql(filter);
      const n = query.params.length;
      const logs = await many(`SELECT * FROM logs WHERE ${query.where} ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT $${n + 1} OFFSET $${n + 2}`, [...query.params, limit, offset]);
      if (!withTotal) return { logs };
      const total = (await q.query<{ n: number }>(`SELECT COUNT(*) AS n FROM logs WHERE ${query.where}`, query.params)).rows[0]?.n ?? 0;
      return { logs, total };
    },
    // As SQLite's: dates rise with seq, so the expired entries are a prefix of the primary key, and each
    // batch deletes one key range. One statement, so the boundary and the delete see the same rows.
    async purge(beforeMs, keepAfterSeq, batch) {
      const result = await q.query(
        `WITH first_kept AS (SELECT seq FROM logs WHERE date >= $1 ORDER BY seq LIMIT 1),
              doomed AS (SELECT seq FROM logs WHERE seq <= LEAST(COALESCE((SELECT seq - 1 FROM first_kept), $2), $2) ORDER BY seq LIMIT $3)
         DELETE FROM logs WHERE seq IN (SELECT seq FROM doomed)`,
        [beforeMs, keepAfterSeq, batch],
      );
      return result.rowCount ?? 0;
    },
    async after(filter, fromSeq, take) {
      const query = logFilterSql(filter, 1);
      return many(`SELECT * FROM logs WHERE seq > $1 AND (${query.where}) ORDER BY seq ASC LIMIT $${query.params.length + 2}`, [fromSeq, ...query.params, take]);
    },
    forUser: (userId) => many('SELECT * FROM logs WHERE user_id = $1 ORDER BY seq', [userId]),
    all: () => many('SELECT * FROM logs ORDER BY seq', []),
  };
}
