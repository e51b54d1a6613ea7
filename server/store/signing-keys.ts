
import type { PublicJwk } from './push.js';

export interface SigningKeyRow {
  kid: string;
  private_jwk_enc: string;
  public_jwk: PublicJwk;
  created_at: number;
}

export interface SigningKeyRepo {
  all(): Promise<SigningKeyRow[]>;
  insert(row: SigningKeyRow): Promise<void>;
}
