import type { LogStreamRepo, LogStreamStatus } from '../log-streams.js';
import { filtersColumn, fromRow, type LogStreamRecord as Row } from '../records/log-streams.js';
import type { Queryable } from './queryable.js';

/**
 * SQLite's two updates and a read, as one statement (so it holds on a pool too): only an active stream's
 * failures count (time spent paused is not time spent failing); the run starts now unless one is going,
 * and the stream is suspended once the run is `$3` old. A stream that is not active keeps its status.
 */
const RECORD_FAILURE = `
WITH failed AS (
  UPDATE log_streams SET failing_since = COALESCE(failing_since, $2::bigint), last_error_at = $2, last_error = $4,
    status = CASE WHEN $2 - COALESCE(failing_since, $2::bigint) >= $3 THEN 'suspended' ELSE status END
  WHERE id = $1 AND status = 'active' RETURNING status)
SELECT status FROM failed
UNION ALL SELECT status FROM log_streams WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM failed)`;

/**
 * The cursor is a `logs.seq`, and audit inserts hand seqs out in commit order (audit-log.ts's
 * LOG_SEQ_LOCK_KEY), so a stream that read up to a seq never finds an earlier one committed later.
 */
export function logStreamRepo(q: Queryable): LogStreamRepo {
  const rows = async (sql: string, values: unknown[] = []) => (await q.query<Row>(sql, values)).rows;
  return {
    // SQLite's ties on created_at come in rowid (insertion) order; PostgreSQL has none, so they break on id.
    all: async () => (await rows('SELECT * FROM log_streams ORDER BY created_at, id')).map(fromRow),
    async find(id) {
      const [row] = await rows('SELECT * FROM log_streams WHERE id = $1', [id]);
      return row ? fromRow(row) : undefined;
    },
    count: async () => (await q.query<{ n: number }>('SELECT COUNT(*) AS n FROM log_streams')).rows[0]?.n ?? 0,
    lastLogSeq: async () => (await q.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM logs')).rows[0]?.seq ?? 0,
    async insert(stream) {
      await q.query(
        `INSERT INTO log_streams (id, name, type, status, sink, filters, authorization_enc, cursor_seq, failing_since, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [stream.id, stream.name, stream.type, stream.status, JSON.stringify(stream.sink), filtersColumn(stream.filters), stream.authorizationEnc, stream.cursorSeq, stream.failingSince, stream.createdAt],
      );
    },
    async update(stream) {
      await q.query('UPDATE log_streams SET name = $1, status = $2, sink = $3, filters = $4, authorization_enc = $5, failing_since = $6 WHERE id = $7', [
        stream.name, stream.status, JSON.stringify(stream.sink), filtersColumn(stream.filters), stream.authorizationEnc, stream.failingSince, stream.id,
      ]);
    },
    remove: async (id) => (await q.query('DELETE FROM log_streams WHERE id = $1', [id])).rowCount === 1,
    // Conditional on the cursor it read, so of two deliveries racing on one stream only one moves it.
    advance: async (id, from, to) =>
      (await q.query('UPDATE log_streams SET cursor_seq = $1, failing_since = NULL, last_error_at = NULL, last_error = NULL WHERE id = $2 AND cursor_seq = $3', [to, id, from]))
        .rowCount === 1,
    recordFailure: async (id, now, suspendAfterMs, message) => (await q.query<{ status: LogStreamStatus }>(RECORD_FAILURE, [id, now, suspendAfterMs, message])).rows[0]?.status,
  };
}
