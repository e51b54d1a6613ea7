import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { MfaTransactionRow, MfaTransactionRepo } from '../mfa-transactions.js';
import { listingOf, listingSql, type ListingRecord } from '../mfa-transaction-listing.js';

const LISTING = listingSql('@digest', '@factor');

export function mfaTransactionRepo(db: Database): Synchronous<MfaTransactionRepo> {
  return {
    find: (digest) => db.prepare<[string], MfaTransactionRow>('SELECT * FROM mfa_transactions WHERE token_digest = ?').get(digest),
    findListing: (digest, factor) => listingOf(db.prepare<[{ digest: string; factor: string }], ListingRecord<number>>(LISTING).all({ digest, factor }), (value) => value === 1),
    insert(row) {
      db.prepare(
        `INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at)
         VALUES (@token_digest, @user_id, @client_id, @audience, @scope, @created_at, @expires_at)`,
      ).run(row);
    },
    purgeBefore: (cutoff) => db.prepare('DELETE FROM mfa_transactions WHERE expires_at < ?').run(cutoff).changes,
  };
}
