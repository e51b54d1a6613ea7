import type { OutboxRepo } from '../outbox.js';
import { outboxFromRecord as fromRecord, type OutboxRecord } from '../records/outbox.js';
import type { Queryable } from './queryable.js';

/**
 * Held by each insert until it commits, for the reason audit-log.ts's LOG_SEQ_LOCK_KEY is: a follower
 * reads by a cursor on `seq`, and identity values are handed out at insert, not at commit, so without it
 * a message could commit behind a cursor that already passed its seq and never be shown.
 */
export const OUTBOX_SEQ_LOCK_KEY = '7165230414';

const INSERT = `
WITH seq_lock AS (SELECT pg_advisory_xact_lock($1::bigint))
INSERT INTO outbox_messages (id, channel, recipient, message_enc, created_at)
SELECT $2, $3, $4, $5, $6 FROM seq_lock`;

export function outboxRepo(q: Queryable): OutboxRepo {
  const many = async (sql: string, values: unknown[]) => (await q.query<OutboxRecord>(sql, values)).rows.map(fromRecord);
  return {
    async insert(message) {
      await q.query(INSERT, [OUTBOX_SEQ_LOCK_KEY, message.id, message.channel, message.recipient, message.messageEnc, message.createdAt]);
    },
    async find(id) {
      return (await many('SELECT * FROM outbox_messages WHERE id = $1', [id]))[0];
    },
    newest: (take) => many('SELECT * FROM outbox_messages ORDER BY seq DESC LIMIT $1', [take]),
    after: (fromSeq, take) => many('SELECT * FROM outbox_messages WHERE seq > $1 ORDER BY seq ASC LIMIT $2', [fromSeq, take]),
    async purge(beforeMs, keep) {
      const result = await q.query(
        `DELETE FROM outbox_messages
         WHERE created_at < $1 OR seq < (SELECT COALESCE(MIN(seq), 0) FROM (SELECT seq FROM outbox_messages ORDER BY seq DESC LIMIT $2) AS newest)`,
        [beforeMs, keep],
      );
      return result.rowCount ?? 0;
    },
  };
}
