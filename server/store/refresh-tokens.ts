import type { Database } from 'better-sqlite3';

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
  find(digest: string): RefreshTokenRow | undefined;
  insert(row: RefreshTokenRow): void;
  /** Marks a token used; false if it was already used or revoked (a replay). */
  consume(digest: string, now: number): boolean;
  revokeFamily(familyId: string, now: number): number;
  revokeForUser(userId: string, now: number): number;
}

export function refreshTokenRepo(db: Database): RefreshTokenRepo {
  return {
    find: (digest) => db.prepare<[string], RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE token_digest = ?').get(digest),
    insert(row) {
      db.prepare(
        `INSERT INTO refresh_tokens (token_digest, family_id, user_id, client_id, audience, scope, created_at, expires_at, used_at, revoked_at)
         VALUES (@token_digest, @family_id, @user_id, @client_id, @audience, @scope, @created_at, @expires_at, @used_at, @revoked_at)`,
      ).run(row);
    },
    consume: (digest, now) =>
      db
        .prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_digest = ? AND used_at IS NULL AND revoked_at IS NULL')
        .run(now, digest).changes === 1,
    revokeFamily: (familyId, now) =>
      db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL').run(now, familyId).changes,
    revokeForUser: (userId, now) =>
      db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, userId).changes,
  };
}
