import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { MfaTransactionRow, MfaTransactionRepo } from '../mfa-transactions.js';

export function mfaTransactionRepo(db: Database): Synchronous<MfaTransactionRepo> {
  return {
    find: (digest) => db.prepare<[string], MfaTransactionRow>('SELECT * FROM mfa_transactions WHERE token_digest = ?').get(digest),
    insert(row) {
      db.prepare(
        `INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at)
         VALUES (@token_digest, @user_id, @client_id, @audience, @scope, @created_at, @expires_at)`,
      ).run(row);
    },
    purgeBefore: (cutoff) => db.prepare('DELETE FROM mfa_transactions WHERE expires_at < ?').run(cutoff).changes,
  };
}
