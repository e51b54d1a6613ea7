
export interface RefreshTokenRow {
  token_digest: string;
  family_id: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export interface RefreshTokenRepo {
  find(digest: string): Promise<RefreshTokenRow | undefined>;
  insert(row: RefreshTokenRow): Promise<void>;
  /** Marks a token used; false if it was already used or revoked (a replay). */
  consume(digest: string, now: number): Promise<boolean>;
  revokeFamily(familyId: string, now: number): Promise<number>;
  revokeForUser(userId: string, now: number): Promise<number>;
}
