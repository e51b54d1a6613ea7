import { prepared, type Queryable } from './queryable.js';
import type { AuthenticatorRow } from '../authenticators.js';
import type { MfaTransactionListing, MfaTransactionRow, MfaTransactionRepo } from '../mfa-transactions.js';

const FIND = prepared('SELECT * FROM mfa_transactions WHERE token_digest = $1');
/**
 * The transaction, its user's address, the factor's switch and the user's authenticators (in `forUser`'s
 * order; COLLATE "C" breaks ties on id in the byte order SQLite compares text in) as one JSON value in one
 * row. node-postgres builds a parser and a row template for every column of every result and describes it
 * anew on each run: the same listing as 24 columns of one row per authenticator cost this process about
 * 15 µs more per call than one JSON column does (PostgreSQL's side: a few µs more to build it), on the MFA
 * API's most frequent call (issue 12). No row: no such transaction.
 */
const LISTING = prepared(`SELECT json_build_object('token_digest', t.token_digest, 'user_id', t.user_id,
    'client_id', t.client_id, 'audience', t.audience, 'scope', t.scope,
    'created_at', t.created_at, 'expires_at', t.expires_at, 'email', u.email, 'email_verified', u.email_verified,
    'factor_enabled', (SELECT f.enabled FROM factors f WHERE f.name = $2),
    'authenticators', (SELECT json_agg(json_build_object(
        'id', a.id, 'kind', a.kind, 'link_id', a.link_id, 'name', a.name, 'secret_enc', a.secret_enc, 'code_digest', a.code_digest,
        'active', a.active, 'last_used_step', a.last_used_step, 'created_at', a.created_at, 'confirmed_at', a.confirmed_at,
        'last_auth_at', a.last_auth_at, 'phone_number', a.phone_number, 'email', a.email, 'preferred_method', a.preferred_method
      ) ORDER BY a.created_at, a.id COLLATE "C") FROM authenticators a WHERE a.user_id = t.user_id)
  ) AS listing
  FROM mfa_transactions t JOIN users u ON u.user_id = t.user_id
  WHERE t.token_digest = $1`);
const INSERT = prepared(`INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`);

/** `LISTING`'s JSON: PostgreSQL's BIGINT values come as JSON numbers, `authenticators` is null for none. */
interface ListingJson extends MfaTransactionRow {
  email: string;
  email_verified: boolean;
  factor_enabled: boolean | null;
  authenticators: Omit<AuthenticatorRow, 'user_id'>[] | null;
}

/**
 * As the pool's BIGINT parser (pool.ts `parseBigint`): a value a JavaScript number cannot hold exactly is
 * refused, not rounded. JSON.parse has rounded it already, so the message gives the value as read.
 */
function exact<T extends number | null>(value: T): T {
  if (value !== null && !Number.isSafeInteger(value)) {
    throw new RangeError(`A BIGINT of the listing is outside the range a JavaScript number holds exactly (read as ${String(value)}).`);
  }
  return value;
}

function listingOf(json: ListingJson | undefined): MfaTransactionListing | undefined {
  if (!json) return undefined;
  const userId = json.user_id;
  return {
    transaction: {
      token_digest: json.token_digest, user_id: userId, client_id: json.client_id, audience: json.audience, scope: json.scope,
      created_at: exact(json.created_at), expires_at: exact(json.expires_at),
    },
    authenticators: (json.authenticators ?? []).map((a) => ({
      id: a.id, user_id: userId, kind: a.kind, link_id: a.link_id, name: a.name, secret_enc: a.secret_enc, code_digest: a.code_digest,
      active: a.active, last_used_step: exact(a.last_used_step), created_at: exact(a.created_at), confirmed_at: exact(a.confirmed_at),
      last_auth_at: exact(a.last_auth_at), phone_number: a.phone_number, email: a.email, preferred_method: a.preferred_method,
    })),
    user: { email: json.email, email_verified: json.email_verified },
    factorEnabled: json.factor_enabled === true,
  };
}

export function mfaTransactionRepo(q: Queryable): MfaTransactionRepo {
  return {
    find: async (digest) => (await q.query<MfaTransactionRow>(FIND, [digest])).rows[0],
    findListing: async (digest, factor) => listingOf((await q.query<{ listing: ListingJson }>(LISTING, [digest, factor])).rows[0]?.listing),
    async insert(row) {
      await q.query(INSERT, [row.token_digest, row.user_id, row.client_id, row.audience, row.scope, row.created_at, row.expires_at]);
    },
    purgeBefore: async (cutoff) => (await q.query('DELETE FROM mfa_transactions WHERE expires_at < $1', [cutoff])).rowCount ?? 0,
  };
}
