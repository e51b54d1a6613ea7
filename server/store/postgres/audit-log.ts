import type { AuditLogRepo, LogRow } from '../audit-log.js';
import { onlyLogType } from '../log-type-total.js';
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

/**
 * A page of one type's entries, from logs_type (type, seq) in its order. Written `type = $1 … ORDER BY seq`,
 * the planner prices walking logs_pkey and filtering on type as cheaper (it assumes the type is spread
 * evenly over seq), and when the newest entries are of other types that walk reads all of them first:
 * 100,050 entries, 26 ms, in the lists bench's log. `= ANY` of a one-element array keeps the type out of the
 * planner's constants, so `ORDER BY type, seq` is an order only logs_type gives without a sort of every match.
 */
const ONE_TYPE_NEWEST = prepared('SELECT * FROM logs WHERE type = ANY($1::text[]) ORDER BY type DESC, seq DESC LIMIT $2 OFFSET $3');
const ONE_TYPE_OLDEST = prepared('SELECT * FROM logs WHERE type = ANY($1::text[]) ORDER BY type ASC, seq ASC LIMIT $2 OFFSET $3');

/** A type's entries: the sum of its rows in log_type_counts (migration 017); SUM of BIGINT is NUMERIC, hence the cast. */
const TYPE_TOTAL = prepared('SELECT SUM(n)::bigint AS n FROM log_type_counts WHERE type = $1');

/**
 * Folds the counter rows of backends that have exited into slot 0 (migration 017), so the rows per type
 * stay about as many as the connections open. One statement: a backend that starts with a recycled pid
 * between the check and the delete adds to the row first or to a new one after, and DELETE … RETURNING
 * moves whatever the deleted row held, so nothing is lost or counted twice.
 */
const FOLD_EXITED_BACKENDS = `
WITH exited AS (
  DELETE FROM log_type_counts WHERE slot <> 0 AND slot NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)
  RETURNING type, n
)
INSERT INTO log_type_counts AS c (type, slot, n)
SELECT type, 0, SUM(n) FROM exited GROUP BY type ORDER BY type
ON CONFLICT (type, slot) DO UPDATE SET n = c.n + EXCLUDED.n`;

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
      const type = onlyLogType(filter);
      const logs =
        type === undefined
          ? await many(`SELECT * FROM logs WHERE ${query.where} ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT $${n + 1} OFFSET $${n + 2}`, [...query.params, limit, offset])
          : (await q.query<LogRecord>(ascending ? ONE_TYPE_OLDEST : ONE_TYPE_NEWEST, [[type], limit, offset])).rows.map(fromRecord);
      if (!withTotal) return { logs };
      const counted =
        type === undefined
          ? await q.query<{ n: number }>(`SELECT COUNT(*) AS n FROM logs WHERE ${query.where}`, query.params)
          : await q.query<{ n: number | null }>(TYPE_TOTAL, [type]);
      return { logs, total: counted.rows[0]?.n ?? 0 };
    },
    // As SQLite's: dates rise with seq, so the expired entries are a prefix of the primary key, and each
    // batch deletes one key range. One statement, so the boundary and the delete see the same rows.
    async purge(beforeMs, keepAfterSeq, batch) {
      await q.query(FOLD_EXITED_BACKENDS);
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
