import type { AuthenticatorRow } from './authenticators.js';
import type { MfaTransactionListing } from './mfa-transactions.js';

/**
 * The SELECT both engines run for `findListing`, with each engine's placeholders (and, on PostgreSQL, the
 * collation that orders ids as SQLite does): the transaction joined with its user, and each authenticator
 * of that user as one row (none: one row of NULLs, from the LEFT JOIN). Colliding columns are renamed.
 */
export function listingSql(digest: string, factor: string, collate = ''): string {
  return `SELECT t.token_digest, t.user_id, t.client_id, t.audience, t.scope, t.created_at AS t_created_at, t.expires_at,
    u.email AS u_email, u.email_verified AS u_email_verified,
    (SELECT f.enabled FROM factors f WHERE f.name = ${factor}) AS factor_enabled,
    a.id, a.kind, a.link_id, a.name, a.secret_enc, a.code_digest, a.active, a.last_used_step, a.created_at, a.confirmed_at,
    a.last_auth_at, a.phone_number, a.email, a.preferred_method
  FROM mfa_transactions t
  JOIN users u ON u.user_id = t.user_id
  LEFT JOIN authenticators a ON a.user_id = t.user_id
  WHERE t.token_digest = ${digest}
  ORDER BY a.created_at, a.id${collate}`;
}

/**
 * One row of `listingSql`, with the engine's boolean (SQLite 0/1, PostgreSQL boolean; null for a missing
 * factor row): the transaction's columns (its `created_at` as `t_created_at`), the user's, and an
 * authenticator's (all null when the user has none).
 */
export type ListingRecord<B> = Omit<AuthenticatorRow, 'id' | 'active'> & {
  token_digest: string;
  client_id: string;
  audience: string;
  scope: string;
  t_created_at: number;
  expires_at: number;
  u_email: string;
  u_email_verified: B;
  factor_enabled: B | null;
  id: string | null;
  active: B;
};

function authenticatorOf<B>(record: ListingRecord<B>, isTrue: (value: B) => boolean): AuthenticatorRow {
  return {
    id: record.id!, user_id: record.user_id, kind: record.kind, link_id: record.link_id, name: record.name, secret_enc: record.secret_enc,
    code_digest: record.code_digest, active: isTrue(record.active), last_used_step: record.last_used_step, created_at: record.created_at,
    confirmed_at: record.confirmed_at, last_auth_at: record.last_auth_at, phone_number: record.phone_number, email: record.email,
    preferred_method: record.preferred_method,
  };
}

/** The listing that rows of `listingSql` describe; undefined for no rows (no such transaction). */
export function listingOf<B>(records: ListingRecord<B>[], isTrue: (value: B) => boolean): MfaTransactionListing | undefined {
  const first = records[0];
  if (!first) return undefined;
  return {
    transaction: {
      token_digest: first.token_digest, user_id: first.user_id, client_id: first.client_id, audience: first.audience, scope: first.scope,
      created_at: first.t_created_at, expires_at: first.expires_at,
    },
    authenticators: first.id === null ? [] : records.map((record) => authenticatorOf(record, isTrue)),
    user: { email: first.u_email, email_verified: isTrue(first.u_email_verified) },
    factorEnabled: first.factor_enabled !== null && isTrue(first.factor_enabled),
  };
}
