import type { Database } from 'better-sqlite3';
import type { PublicJwk } from '../push.js';
import type { Synchronous } from './synchronous.js';
import type { SigningKeyRow, SigningKeyRepo } from '../signing-keys.js';

export function signingKeyRepo(db: Database): Synchronous<SigningKeyRepo> {
  return {
    all: () =>
      db
        .prepare<[], Omit<SigningKeyRow, 'public_jwk'> & { public_jwk: string }>('SELECT * FROM signing_keys ORDER BY created_at DESC')
        .all()
        .map((row) => ({ ...row, public_jwk: JSON.parse(row.public_jwk) as PublicJwk })),
    insert(row) {
      db.prepare('INSERT INTO signing_keys (kid, private_jwk_enc, public_jwk, created_at) VALUES (@kid, @private_jwk_enc, @public_jwk, @created_at)').run({ ...row, public_jwk: JSON.stringify(row.public_jwk) });
    },
  };
}
