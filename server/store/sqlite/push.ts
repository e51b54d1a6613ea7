import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { PushRepo } from '../push.js';
import { deviceFromRecord, transactionFromRecord, type DeviceRecord, type TransactionRecord } from '../records/push.js';

const device = (row: DeviceRecord | undefined) => row && deviceFromRecord(row);
const transaction = (row: TransactionRecord | undefined) => row && transactionFromRecord(row);

export function pushRepo(db: Database): Synchronous<PushRepo> {
  const one = <T>(sql: string) => db.prepare<[string], T>(sql);
  return {
    device: (linkId) => device(one<DeviceRecord>('SELECT * FROM push_devices WHERE link_id = ?').get(linkId)),
    devicesForUser: (userId) => one<DeviceRecord>('SELECT * FROM push_devices WHERE user_id = ? ORDER BY created_at').all(userId).map(deviceFromRecord),
    insertDevice(row) {
      db.prepare(
        `INSERT INTO push_devices (link_id, user_id, identifier, name, public_jwk, push_credentials, token_digest, created_at, updated_at)
         VALUES (@link_id, @user_id, @identifier, @name, @public_jwk, @push_credentials, @token_digest, @created_at, @updated_at)`,
      ).run({ ...row, public_jwk: JSON.stringify(row.public_jwk), push_credentials: JSON.stringify(row.push_credentials) });
    },
    updateDevice(linkId, fields, now) {
      db.prepare(
        `UPDATE push_devices SET name = COALESCE(@name, name), identifier = COALESCE(@identifier, identifier),
           push_credentials = COALESCE(@push_credentials, push_credentials), updated_at = @now WHERE link_id = @linkId`,
      ).run({ name: fields.name ?? null, identifier: fields.identifier ?? null, push_credentials: fields.push_credentials ? JSON.stringify(fields.push_credentials) : null, now, linkId });
    },
    insertTransaction(row) {
      db.prepare(
        `INSERT INTO push_transactions (oob_digest, kind, user_id, client_id, enrollment_tx_digest, link_id, txtkn_digest, txtkn_enc,
           challenge, number, number_choices, context, status, reason, created_at, expires_at, resolved_at, consumed_at)
         VALUES (@oob_digest, @kind, @user_id, @client_id, @enrollment_tx_digest, @link_id, @txtkn_digest, @txtkn_enc,
           @challenge, @number, @number_choices, @context, @status, @reason, @created_at, @expires_at, @resolved_at, @consumed_at)`,
      ).run({ ...row, number_choices: row.number_choices && JSON.stringify(row.number_choices), context: JSON.stringify(row.context ?? {}) });
    },
    byOob: (digest) => transaction(one<TransactionRecord>('SELECT * FROM push_transactions WHERE oob_digest = ?').get(digest)),
    byEnrollmentTx: (digest) => transaction(one<TransactionRecord>('SELECT * FROM push_transactions WHERE enrollment_tx_digest = ?').get(digest)),
    byTxtkn: (digest) => transaction(one<TransactionRecord>('SELECT * FROM push_transactions WHERE txtkn_digest = ?').get(digest)),
    pendingFor: (userId, linkId, now) =>
      db
        .prepare<[string, string, number], TransactionRecord>(
          `SELECT * FROM push_transactions WHERE user_id = ? AND kind = 'challenge' AND status = 'pending'
             AND (link_id IS NULL OR link_id = ?) AND expires_at > ? ORDER BY created_at`,
        )
        .all(userId, linkId, now)
        .map(transactionFromRecord),
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
