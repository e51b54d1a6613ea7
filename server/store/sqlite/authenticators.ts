import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { AuthenticatorRow, AuthenticatorRepo, NewAuthenticator } from '../authenticators.js';

/** An authenticators row as SQLite holds it: `active` as 0/1. */
export type AuthenticatorRecord = Omit<AuthenticatorRow, 'active'> & { active: number };
export const authenticatorFromRecord = (row: AuthenticatorRecord): AuthenticatorRow => ({ ...row, active: row.active === 1 });
const one = (row: AuthenticatorRecord | undefined) => row && authenticatorFromRecord(row);

/** The columns an insert binds, contact details defaulting to null. */
export const authenticatorColumns = (row: NewAuthenticator) => ({ phone_number: null, email: null, preferred_method: null, ...row, active: row.active ? 1 : 0 });

export function authenticatorRepo(db: Database): Synchronous<AuthenticatorRepo> {
  return {
    find: (id) => one(db.prepare<[string], AuthenticatorRecord>('SELECT * FROM authenticators WHERE id = ?').get(id)),
    findByLink: (linkId) => one(db.prepare<[string], AuthenticatorRecord>('SELECT * FROM authenticators WHERE link_id = ? LIMIT 1').get(linkId)),
    forUser: (userId) =>
      db.prepare<[string], AuthenticatorRecord>('SELECT * FROM authenticators WHERE user_id = ? ORDER BY created_at, id').all(userId).map(authenticatorFromRecord),
    withActiveFactor: (userIds) => {
      const rows = db
        .prepare<[string], { user_id: string }>(
          "SELECT DISTINCT user_id FROM authenticators WHERE user_id IN (SELECT value FROM json_each(?)) AND active = 1 AND kind <> 'recovery-code'",
        )
        .all(JSON.stringify(userIds));
      return new Set(rows.map((row) => row.user_id));
    },
    insert(row) {
      db.prepare(
        `INSERT INTO authenticators (id, user_id, kind, link_id, name, secret_enc, code_digest, active, last_used_step,
           created_at, confirmed_at, last_auth_at, phone_number, email, preferred_method)
         VALUES (@id, @user_id, @kind, @link_id, @name, @secret_enc, @code_digest, @active, @last_used_step,
           @created_at, @confirmed_at, @last_auth_at, @phone_number, @email, @preferred_method)`,
      ).run(authenticatorColumns(row));
    },
    update(id, fields) {
      if (fields.name !== undefined) db.prepare('UPDATE authenticators SET name = ? WHERE id = ?').run(fields.name, id);
      if (fields.preferred_method !== undefined) {
        db.prepare('UPDATE authenticators SET preferred_method = ? WHERE id = ?').run(fields.preferred_method, id);
      }
    },
    activate: (id, now) =>
      db.prepare('UPDATE authenticators SET active = 1, confirmed_at = ? WHERE id = ? AND active = 0').run(now, id).changes === 1,
    consumeStep: (id, step, now) =>
      db
        .prepare(
          `UPDATE authenticators SET last_used_step = @step, last_auth_at = @now
           WHERE id = @id AND (last_used_step IS NULL OR last_used_step < @step)`,
        )
        .run({ id, step, now }).changes === 1,
    replaceCode: (id, expectedDigest, nextDigest, now) =>
      db
        .prepare('UPDATE authenticators SET code_digest = ?, last_auth_at = ? WHERE id = ? AND code_digest = ?')
        .run(nextDigest, now, id, expectedDigest).changes === 1,
    recordAuth: (id, now) => db.prepare('UPDATE authenticators SET last_auth_at = ? WHERE id = ?').run(now, id).changes === 1,
    removeLinked: (linkId, userId) =>
      db.prepare('DELETE FROM authenticators WHERE link_id = ? AND user_id = ?').run(linkId, userId).changes,
    removeInactive: (userId, kind) =>
      db.prepare('DELETE FROM authenticators WHERE user_id = ? AND kind = ? AND active = 0').run(userId, kind).changes,
    removeAllForUser: (userId) => db.prepare('DELETE FROM authenticators WHERE user_id = ?').run(userId).changes,
  };
}
