import type { PublicJwk } from '../push.js';
import type { Queryable } from './queryable.js';
import type { SigningKeyRow, SigningKeyRepo } from '../signing-keys.js';

type SigningKeyRecord = Omit<SigningKeyRow, 'public_jwk'> & { public_jwk: string };

export function signingKeyRepo(q: Queryable): SigningKeyRepo {
  return {
    all: async () =>
      (await q.query<SigningKeyRecord>('SELECT * FROM signing_keys ORDER BY created_at DESC')).rows.map((row) => ({
        ...row,
        public_jwk: JSON.parse(row.public_jwk) as PublicJwk,
      })),
    async insert(row) {
      await q.query('INSERT INTO signing_keys (kid, private_jwk_enc, public_jwk, created_at) VALUES ($1, $2, $3, $4)', [
        row.kid,
        row.private_jwk_enc,
        JSON.stringify(row.public_jwk),
        row.created_at,
      ]);
    },
  };
}
