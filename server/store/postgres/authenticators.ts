import { prepared, type PreparedStatement, type Queryable } from './queryable.js';
import type { AuthenticatorRow, AuthenticatorRepo, NewAuthenticator } from '../authenticators.js';

const INSERT = prepared(`INSERT INTO authenticators (id, user_id, kind, link_id, name, secret_enc, code_digest, active, last_used_step,
  created_at, confirmed_at, last_auth_at, phone_number, email, preferred_method)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`);
const FIND = prepared('SELECT * FROM authenticators WHERE id = $1');
const FIND_BY_LINK = prepared('SELECT * FROM authenticators WHERE link_id = $1 LIMIT 1');
// COLLATE "C": ties on created_at break on id in the byte order SQLite compares text in.
const FOR_USER = prepared('SELECT * FROM authenticators WHERE user_id = $1 ORDER BY created_at, id COLLATE "C"');
const WITH_ACTIVE_FACTOR = prepared("SELECT DISTINCT user_id FROM authenticators WHERE user_id = ANY($1::text[]) AND active AND kind <> 'recovery-code'");
// One conditional UPDATE each: of two parallel uses of one TOTP step or recovery code, exactly one wins.
const CONSUME_STEP = prepared('UPDATE authenticators SET last_used_step = $1, last_auth_at = $2 WHERE id = $3 AND (last_used_step IS NULL OR last_used_step < $1)');
const REPLACE_CODE = prepared('UPDATE authenticators SET code_digest = $1, last_auth_at = $2 WHERE id = $3 AND code_digest = $4');
const RECORD_AUTH = prepared('UPDATE authenticators SET last_auth_at = $1 WHERE id = $2');

/** An insert of `row` (contact details defaulting to null), for this repo and the import's. */
export async function insertAuthenticator(q: Queryable, row: NewAuthenticator): Promise<void> {
  await q.query(INSERT, [
    row.id, row.user_id, row.kind, row.link_id, row.name, row.secret_enc, row.code_digest, row.active, row.last_used_step,
    row.created_at, row.confirmed_at, row.last_auth_at, row.phone_number ?? null, row.email ?? null, row.preferred_method ?? null,
  ]);
}

export function authenticatorRepo(q: Queryable): AuthenticatorRepo {
  const count = async (sql: string | PreparedStatement, values: unknown[]) => (await q.query(sql, values)).rowCount ?? 0;
  return {
    find: async (id) => (await q.query<AuthenticatorRow>(FIND, [id])).rows[0],
    findByLink: async (linkId) => (await q.query<AuthenticatorRow>(FIND_BY_LINK, [linkId])).rows[0],
    forUser: async (userId) => (await q.query<AuthenticatorRow>(FOR_USER, [userId])).rows,
    withActiveFactor: async (userIds) => new Set((await q.query<{ user_id: string }>(WITH_ACTIVE_FACTOR, [userIds])).rows.map((row) => row.user_id)),
    insert: (row) => insertAuthenticator(q, row),
    async update(id, fields) {
      if (fields.name !== undefined) await q.query('UPDATE authenticators SET name = $1 WHERE id = $2', [fields.name, id]);
      if (fields.preferred_method !== undefined) await q.query('UPDATE authenticators SET preferred_method = $1 WHERE id = $2', [fields.preferred_method, id]);
    },
    activate: async (id, now) => (await count('UPDATE authenticators SET active = TRUE, confirmed_at = $1 WHERE id = $2 AND NOT active', [now, id])) === 1,
    consumeStep: async (id, step, now) => (await count(CONSUME_STEP, [step, now, id])) === 1,
    replaceCode: async (id, expectedDigest, nextDigest, now) => (await count(REPLACE_CODE, [nextDigest, now, id, expectedDigest])) === 1,
    recordAuth: async (id, now) => (await count(RECORD_AUTH, [now, id])) === 1,
    removeLinked: (linkId, userId) => count('DELETE FROM authenticators WHERE link_id = $1 AND user_id = $2', [linkId, userId]),
    removeInactive: (userId, kind) => count('DELETE FROM authenticators WHERE user_id = $1 AND kind = $2 AND NOT active', [userId, kind]),
    removeAllForUser: (userId) => count('DELETE FROM authenticators WHERE user_id = $1', [userId]),
  };
}
