import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { AuthenticatorRow } from '../authenticators.js';
import type { MfaTransactionListing, MfaTransactionRow, MfaTransactionRepo } from '../mfa-transactions.js';

/**
 * `findListing`'s SELECT: the transaction joined with its user, and each authenticator of that user as one
 * row (none: one row of NULLs, from the LEFT JOIN). Colliding columns are renamed.
 */
const LISTING = `SELECT t.token_digest, t.user_id, t.client_id, t.audience, t.scope, t.created_at AS t_created_at, t.expires_at,
    u.email AS u_email, u.email_verified AS u_email_verified,
    (SELECT f.enabled FROM factors f WHERE f.name = @factor) AS factor_enabled,
    a.id, a.kind, a.link_id, a.name, a.secret_enc, a.code_digest, a.active, a.last_used_step, a.created_at, a.confirmed_at,
    a.last_auth_at, a.phone_number, a.email, a.preferred_method
  FROM mfa_transactions t
  JOIN users u ON u.user_id = t.user_id
  LEFT JOIN authenticators a ON a.user_id = t.user_id
  WHERE t.token_digest = @digest
  ORDER BY a.created_at, a.id`;

/**
 * One row of `LISTING` (booleans as 0/1; `factor_enabled` null for a missing factor row): the transaction's
 * columns (its `created_at` as `t_created_at`), the user's, and an authenticator's (all null when the user
 * has none).
 */
type ListingRecord = Omit<AuthenticatorRow, 'id' | 'active'> & {
  token_digest: string;
  client_id: string;
  audience: string;
  scope: string;
  t_created_at: number;
  expires_at: number;
  u_email: string;
  u_email_verified: number;
  factor_enabled: number | null;
  id: string | null;
  active: number;
};

function authenticatorOf(record: ListingRecord): AuthenticatorRow {
  return {
    id: record.id!, user_id: record.user_id, kind: record.kind, link_id: record.link_id, name: record.name, secret_enc: record.secret_enc,
    code_digest: record.code_digest, active: record.active === 1, last_used_step: record.last_used_step, created_at: record.created_at,
    confirmed_at: record.confirmed_at, last_auth_at: record.last_auth_at, phone_number: record.phone_number, email: record.email,
    preferred_method: record.preferred_method,
  };
}

/** The listing that rows of `LISTING` describe; undefined for no rows (no such transaction). */
function listingOf(records: ListingRecord[]): MfaTransactionListing | undefined {
  const first = records[0];
  if (!first) return undefined;
  return {
    transaction: {
      token_digest: first.token_digest, user_id: first.user_id, client_id: first.client_id, audience: first.audience, scope: first.scope,
      created_at: first.t_created_at, expires_at: first.expires_at,
    },
    authenticators: first.id === null ? [] : records.map(authenticatorOf),
    user: { email: first.u_email, email_verified: first.u_email_verified === 1 },
    factorEnabled: first.factor_enabled === 1,
  };
}

export function mfaTransactionRepo(db: Database): Synchronous<MfaTransactionRepo> {
  return {
    find: (digest) => db.prepare<[string], MfaTransactionRow>('SELECT * FROM mfa_transactions WHERE token_digest = ?').get(digest),
    findListing: (digest, factor) => listingOf(db.prepare<[{ digest: string; factor: string }], ListingRecord>(LISTING).all({ digest, factor })),
    insert(row) {
      db.prepare(
        `INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at)
         VALUES (@token_digest, @user_id, @client_id, @audience, @scope, @created_at, @expires_at)`,
      ).run(row);
    },
    purgeBefore: (cutoff) => db.prepare('DELETE FROM mfa_transactions WHERE expires_at < ?').run(cutoff).changes,
  };
}
