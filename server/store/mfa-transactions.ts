import type { Database } from 'better-sqlite3';

export interface MfaTransactionRow {
  token_digest: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string;
  created_at: number;
  expires_at: number;
}

export interface MfaTransactionRepo {
  find(tokenDigest: string): MfaTransactionRow | undefined;
  insert(row: MfaTransactionRow): void;
  /** Drops transactions that expired before `cutoff` (kept a while so a late use reads "expired", not "malformed"). */
  purgeBefore(cutoff: number): number;
}

export function mfaTransactionRepo(db: Database): MfaTransactionRepo {
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
