import type { Database } from 'better-sqlite3';
import type { OutboxRepo } from '../outbox.js';
import { outboxFromRecord as fromRecord, type OutboxRecord } from '../records/outbox.js';
import type { Synchronous } from './synchronous.js';

export function outboxRepo(db: Database): Synchronous<OutboxRepo> {
  return {
    insert(message) {
      db.prepare('INSERT INTO outbox_messages (id, channel, recipient, message_enc, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(message.id, message.channel, message.recipient, message.messageEnc, message.createdAt);
    },
    find(id) {
      const row = db.prepare<[string], OutboxRecord>('SELECT * FROM outbox_messages WHERE id = ?').get(id);
      return row && fromRecord(row);
    },
    newest: (take) => db.prepare<[number], OutboxRecord>('SELECT * FROM outbox_messages ORDER BY seq DESC LIMIT ?').all(take).map(fromRecord),
    after: (fromSeq, take) =>
      db.prepare<[number, number], OutboxRecord>('SELECT * FROM outbox_messages WHERE seq > ? ORDER BY seq ASC LIMIT ?').all(fromSeq, take).map(fromRecord),
    purge(beforeMs, keep) {
      return db
        .prepare<[number, number]>(
          `DELETE FROM outbox_messages
           WHERE created_at < ? OR seq < (SELECT COALESCE(MIN(seq), 0) FROM (SELECT seq FROM outbox_messages ORDER BY seq DESC LIMIT ?))`,
        )
        .run(beforeMs, keep).changes;
    },
  };
}
