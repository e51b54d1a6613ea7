import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { RefreshTokenRow, RefreshTokenRepo } from '../refresh-tokens.js';

export function refreshTokenRepo(db: Database): Synchronous<RefreshTokenRepo> {
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
