import { prepared, type Queryable } from './queryable.js';
import type { RefreshTokenRow, RefreshTokenRepo } from '../refresh-tokens.js';

const FIND = prepared('SELECT * FROM refresh_tokens WHERE token_digest = $1');
const INSERT = prepared(`INSERT INTO refresh_tokens (token_digest, family_id, user_id, client_id, audience, scope, created_at, expires_at, used_at, revoked_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`);
const CONSUME = prepared('UPDATE refresh_tokens SET used_at = $1 WHERE token_digest = $2 AND used_at IS NULL AND revoked_at IS NULL');
const REVOKE_FAMILY = prepared('UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL');

export function refreshTokenRepo(q: Queryable): RefreshTokenRepo {
  return {
    find: async (digest) => (await q.query<RefreshTokenRow>(FIND, [digest])).rows[0],
    async insert(row) {
      await q.query(
        INSERT,
        [row.token_digest, row.family_id, row.user_id, row.client_id, row.audience, row.scope, row.created_at, row.expires_at, row.used_at, row.revoked_at],
      );
    },
    // One conditional UPDATE: of two parallel uses of a token, exactly one changes the row.
    consume: async (digest, now) =>
      (await q.query(CONSUME, [now, digest])).rowCount === 1,
    revokeFamily: async (familyId, now) =>
      (await q.query(REVOKE_FAMILY, [now, familyId])).rowCount ?? 0,
    revokeForUser: async (userId, now) =>
      (await q.query('UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [now, userId])).rowCount ?? 0,
  };
}
