import type { Database } from 'better-sqlite3';

export interface PushDeviceRow {
  link_id: string;
  user_id: string;
  identifier: string;
  name: string;
  public_jwk: string;
  push_credentials: string;
  token_digest: string;
  created_at: number;
  updated_at: number;
}

export interface PushTransactionRow {
  oob_digest: string;
  kind: 'enrollment' | 'challenge';
  user_id: string;
  client_id: string;
  enrollment_tx_digest: string | null;
  link_id: string | null;
  txtkn_digest: string | null;
  txtkn_enc: string | null;
  challenge: string | null;
  number: string | null;
  number_choices: string | null;
  context: string;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string | null;
  created_at: number;
  expires_at: number;
  resolved_at: number | null;
  consumed_at: number | null;
}

export interface PushRepo {
  device(linkId: string): PushDeviceRow | undefined;
  devicesForUser(userId: string): PushDeviceRow[];
  insertDevice(row: PushDeviceRow): void;
  updateDevice(linkId: string, fields: { name?: string; identifier?: string; push_credentials?: string }, now: number): void;
  insertTransaction(row: PushTransactionRow): void;
  byOob(digest: string): PushTransactionRow | undefined;
  byEnrollmentTx(digest: string): PushTransactionRow | undefined;
  byTxtkn(digest: string): PushTransactionRow | undefined;
  /** Pending, unexpired challenges a device should see: those for its user and either no device or this one. */
  pendingFor(userId: string, linkId: string, now: number): PushTransactionRow[];
  /** Settles a pending transaction; false when it was no longer pending (a replay or a race). */
  resolve(digest: string, status: 'accepted' | 'rejected', reason: string | null, linkId: string | null, now: number): boolean;
  /** Hands out the result once: false when already consumed. */
  consume(digest: string, now: number): boolean;
  /**
   * Marks the user's expired, unanswered login requests as noticed (`reason` 'expired', still pending so
   * a poll keeps answering `expired_token`) and says how many were newly marked: each is counted once.
   */
  claimExpired(userId: string, now: number): number;
}

export function pushRepo(db: Database): PushRepo {
  const one = <T>(sql: string) => db.prepare<[string], T>(sql);
  return {
    device: (linkId) => one<PushDeviceRow>('SELECT * FROM push_devices WHERE link_id = ?').get(linkId),
    devicesForUser: (userId) => one<PushDeviceRow>('SELECT * FROM push_devices WHERE user_id = ? ORDER BY created_at').all(userId),
    insertDevice(row) {
      db.prepare(
        `INSERT INTO push_devices (link_id, user_id, identifier, name, public_jwk, push_credentials, token_digest, created_at, updated_at)
         VALUES (@link_id, @user_id, @identifier, @name, @public_jwk, @push_credentials, @token_digest, @created_at, @updated_at)`,
      ).run(row);
    },
    updateDevice(linkId, fields, now) {
      db.prepare(
        `UPDATE push_devices SET name = COALESCE(@name, name), identifier = COALESCE(@identifier, identifier),
           push_credentials = COALESCE(@push_credentials, push_credentials), updated_at = @now WHERE link_id = @linkId`,
      ).run({ name: fields.name ?? null, identifier: fields.identifier ?? null, push_credentials: fields.push_credentials ?? null, now, linkId });
    },
    insertTransaction(row) {
      db.prepare(
        `INSERT INTO push_transactions (oob_digest, kind, user_id, client_id, enrollment_tx_digest, link_id, txtkn_digest, txtkn_enc,
           challenge, number, number_choices, context, status, reason, created_at, expires_at, resolved_at, consumed_at)
         VALUES (@oob_digest, @kind, @user_id, @client_id, @enrollment_tx_digest, @link_id, @txtkn_digest, @txtkn_enc,
           @challenge, @number, @number_choices, @context, @status, @reason, @created_at, @expires_at, @resolved_at, @consumed_at)`,
      ).run(row);
    },
    byOob: (digest) => one<PushTransactionRow>('SELECT * FROM push_transactions WHERE oob_digest = ?').get(digest),
    byEnrollmentTx: (digest) => one<PushTransactionRow>('SELECT * FROM push_transactions WHERE enrollment_tx_digest = ?').get(digest),
    byTxtkn: (digest) => one<PushTransactionRow>('SELECT * FROM push_transactions WHERE txtkn_digest = ?').get(digest),
    pendingFor: (userId, linkId, now) =>
      db
        .prepare<[string, string, number], PushTransactionRow>(
          `SELECT * FROM push_transactions WHERE user_id = ? AND kind = 'challenge' AND status = 'pending'
             AND (link_id IS NULL OR link_id = ?) AND expires_at > ? ORDER BY created_at`,
        )
        .all(userId, linkId, now),
    resolve: (digest, status, reason, linkId, now) =>
      db
        .prepare(
          `UPDATE push_transactions SET status = ?, reason = ?, link_id = COALESCE(?, link_id), resolved_at = ?
           WHERE oob_digest = ? AND status = 'pending'`,
        )
        .run(status, reason, linkId, now, digest).changes === 1,
    consume: (digest, now) =>
      db.prepare('UPDATE push_transactions SET consumed_at = ? WHERE oob_digest = ? AND consumed_at IS NULL').run(now, digest).changes === 1,
    claimExpired: (userId, now) =>
      db
        .prepare(
          `UPDATE push_transactions SET reason = 'expired', resolved_at = ?
           WHERE user_id = ? AND kind = 'challenge' AND status = 'pending' AND resolved_at IS NULL AND expires_at <= ?`,
        )
        .run(now, userId, now).changes,
  };
}
