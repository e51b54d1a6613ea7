import type { Database } from 'better-sqlite3';

export interface SigningKeyRow {
  kid: string;
  private_jwk_enc: string;
  public_jwk: string;
  created_at: number;
}

export interface SigningKeyRepo {
  all(): SigningKeyRow[];
  insert(row: SigningKeyRow): void;
}

export function signingKeyRepo(db: Database): SigningKeyRepo {
  return {
    all: () => db.prepare<[], SigningKeyRow>('SELECT * FROM signing_keys ORDER BY created_at DESC').all(),
    insert(row) {
      db.prepare('INSERT INTO signing_keys (kid, private_jwk_enc, public_jwk, created_at) VALUES (@kid, @private_jwk_enc, @public_jwk, @created_at)').run(row);
    },
  };
}
