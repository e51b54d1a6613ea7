import type { OutboxMessage } from '../outbox.js';

/** An outbox row as both engines hold it (times in ms, the message sealed with the data key). */
export interface OutboxRecord {
  seq: number;
  id: string;
  channel: OutboxMessage['channel'];
  recipient: string;
  message_enc: string;
  created_at: number;
}

export const outboxFromRecord = (row: OutboxRecord): OutboxMessage => ({
  seq: row.seq, id: row.id, channel: row.channel, recipient: row.recipient, messageEnc: row.message_enc, createdAt: row.created_at,
});
