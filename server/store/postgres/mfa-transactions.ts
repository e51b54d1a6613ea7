import { prepared, type Queryable } from './queryable.js';
import type { MfaTransactionRow, MfaTransactionRepo } from '../mfa-transactions.js';
import { listingOf, listingSql, type ListingRecord } from '../mfa-transaction-listing.js';

const FIND = prepared('SELECT * FROM mfa_transactions WHERE token_digest = $1');
// COLLATE "C": ties on created_at break on id in the byte order SQLite compares text in (as `forUser`).
const LISTING = prepared(listingSql('$1', '$2', ' COLLATE "C"'));
const INSERT = prepared(`INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`);

export function mfaTransactionRepo(q: Queryable): MfaTransactionRepo {
  return {
    find: async (digest) => (await q.query<MfaTransactionRow>(FIND, [digest])).rows[0],
    findListing: async (digest, factor) => listingOf((await q.query<ListingRecord<boolean>>(LISTING, [digest, factor])).rows, (value) => value),
    async insert(row) {
      await q.query(INSERT, [row.token_digest, row.user_id, row.client_id, row.audience, row.scope, row.created_at, row.expires_at]);
    },
    purgeBefore: async (cutoff) => (await q.query('DELETE FROM mfa_transactions WHERE expires_at < $1', [cutoff])).rowCount ?? 0,
  };
}
