import type { DeliveryChannel } from '../delivery/types.js';

/** A message the developer outbox kept instead of sending (server/delivery/outbox.ts). */
export interface OutboxMessage {
  /** Rises with every message written; the order `after` reads in. */
  seq: number;
  id: string;
  channel: DeliveryChannel;
  /** The phone number or address it was for, as given. */
  recipient: string;
  /** The rendered message (it holds the code), sealed under the data key with the id as AAD. */
  messageEnc: string;
  createdAt: number;
}

export interface OutboxRepo {
  insert(message: Omit<OutboxMessage, 'seq'>): Promise<void>;
  find(id: string): Promise<OutboxMessage | undefined>;
  /** The newest `take`, newest first. */
  newest(take: number): Promise<OutboxMessage[]>;
  /** Up to `take` written after the one numbered `fromSeq`, oldest first (a follower's next batch). */
  after(fromSeq: number, take: number): Promise<OutboxMessage[]>;
  /** Deletes those created before `beforeMs` and all but the newest `keep`; returns how many went. */
  purge(beforeMs: number, keep: number): Promise<number>;
}
