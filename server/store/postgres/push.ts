import type { PushRepo } from '../push.js';
import { deviceFromRecord, transactionFromRecord, type DeviceRecord, type TransactionRecord } from '../records/push.js';
import type { Queryable } from './queryable.js';

const TRANSACTION_COLUMNS = `oob_digest, kind, user_id, client_id, enrollment_tx_digest, link_id, txtkn_digest, txtkn_enc,
  challenge, number, number_choices, context, status, reason, created_at, expires_at, resolved_at, consumed_at`;

export function pushRepo(q: Queryable): PushRepo {
  const devices = async (sql: string, values: unknown[]) => (await q.query<DeviceRecord>(sql, values)).rows.map(deviceFromRecord);
  const transactions = async (sql: string, values: unknown[]) => (await q.query<TransactionRecord>(sql, values)).rows.map(transactionFromRecord);
  const changed = async (sql: string, values: unknown[]) => (await q.query(sql, values)).rowCount ?? 0;
  return {
    device: async (linkId) => (await devices('SELECT * FROM push_devices WHERE link_id = $1', [linkId]))[0],
    // SQLite's rows with equal created_at come in rowid order; here ties break on link_id.
    devicesForUser: (userId) => devices('SELECT * FROM push_devices WHERE user_id = $1 ORDER BY created_at, link_id', [userId]),
    async insertDevice(row) {
      await q.query(
        `INSERT INTO push_devices (link_id, user_id, identifier, name, public_jwk, push_credentials, token_digest, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.link_id, row.user_id, row.identifier, row.name, JSON.stringify(row.public_jwk), JSON.stringify(row.push_credentials), row.token_digest, row.created_at, row.updated_at],
      );
    },
    async updateDevice(linkId, fields, now) {
      await q.query(
        `UPDATE push_devices SET name = COALESCE($1, name), identifier = COALESCE($2, identifier),
           push_credentials = COALESCE($3, push_credentials), updated_at = $4 WHERE link_id = $5`,
        [fields.name ?? null, fields.identifier ?? null, fields.push_credentials ? JSON.stringify(fields.push_credentials) : null, now, linkId],
      );
    },
    async insertTransaction(row) {
      await q.query(`INSERT INTO push_transactions (${TRANSACTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`, [
        row.oob_digest, row.kind, row.user_id, row.client_id, row.enrollment_tx_digest, row.link_id, row.txtkn_digest, row.txtkn_enc,
        row.challenge, row.number, row.number_choices && JSON.stringify(row.number_choices), JSON.stringify(row.context ?? {}),
        row.status, row.reason, row.created_at, row.expires_at, row.resolved_at, row.consumed_at,
      ]);
    },
    byOob: async (digest) => (await transactions('SELECT * FROM push_transactions WHERE oob_digest = $1', [digest]))[0],
    byEnrollmentTx: async (digest) => (await transactions('SELECT * FROM push_transactions WHERE enrollment_tx_digest = $1', [digest]))[0],
    byTxtkn: async (digest) => (await transactions('SELECT * FROM push_transactions WHERE txtkn_digest = $1', [digest]))[0],
    // Ties on created_at break on oob_digest (SQLite's on rowid, insertion order).
    pendingFor: (userId, linkId, now) =>
      transactions(
        `SELECT * FROM push_transactions WHERE user_id = $1 AND kind = 'challenge' AND status = 'pending'
           AND (link_id IS NULL OR link_id = $2) AND expires_at > $3 ORDER BY created_at, oob_digest`,
        [userId, linkId, now],
      ),
    // Each a single conditional UPDATE: of racing callers, PostgreSQL's row lock lets exactly one match.
    resolve: async (digest, status, reason, linkId, now) =>
      (await changed(
        `UPDATE push_transactions SET status = $1, reason = $2, link_id = COALESCE($3, link_id), resolved_at = $4
         WHERE oob_digest = $5 AND status = 'pending'`,
        [status, reason, linkId, now, digest],
      )) === 1,
    consume: async (digest, now) => (await changed('UPDATE push_transactions SET consumed_at = $1 WHERE oob_digest = $2 AND consumed_at IS NULL', [now, digest])) === 1,
    claimExpired: (userId, now) =>
      changed(
        `UPDATE push_transactions SET reason = 'expired', resolved_at = $1
         WHERE user_id = $2 AND kind = 'challenge' AND status = 'pending' AND resolved_at IS NULL AND expires_at <= $1`,
        [now, userId],
      ),
  };
}
