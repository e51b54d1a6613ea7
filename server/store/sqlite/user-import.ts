import type { Database } from 'better-sqlite3';
import { prepareOnce } from './prepare-once.js';
import { userColumns, userFromRecord, type UserRecord } from './user-records.js';
import { authenticatorColumns } from './authenticators.js';
import type { Synchronous } from './synchronous.js';
import type { UserImportRepo } from '../user-import.js';

const one = (record: UserRecord | undefined) => (record ? userFromRecord(record) : undefined);

export function userImportRepo(db: Database): Synchronous<UserImportRepo> {
  const byEmail = prepareOnce(() => db.prepare<[string], UserRecord>('SELECT * FROM users WHERE email = ?'));
  const byId = prepareOnce(() => db.prepare<[string], UserRecord>('SELECT * FROM users WHERE user_id = ?'));
  const insertUser = prepareOnce(() => db.prepare<[Record<string, unknown>]>(
    `INSERT INTO users (user_id, email, email_verified, password_hash, name, nickname, given_name, family_name, picture,
       blocked, user_metadata, app_metadata, logins_count, last_login, created_at, updated_at)
     VALUES (@user_id, @email, @email_verified, @password_hash, @name, @nickname, @given_name, @family_name, @picture,
       @blocked, @user_metadata, @app_metadata, @logins_count, @last_login, @created_at, @updated_at)`,
  ));
  const insertAuthenticator = prepareOnce(() => db.prepare(
    `INSERT INTO authenticators (id, user_id, kind, link_id, name, secret_enc, code_digest, active, last_used_step,
       created_at, confirmed_at, last_auth_at, phone_number, email, preferred_method)
     VALUES (@id, @user_id, @kind, @link_id, @name, @secret_enc, @code_digest, @active, @last_used_step,
       @created_at, @confirmed_at, @last_auth_at, @phone_number, @email, @preferred_method)`,
  ));
  const active = prepareOnce(() => db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM authenticators WHERE user_id = ? AND kind = ? AND active = 1'));
  return {
    findByEmail: (email) => one(byEmail().get(email)),
    find: (userId) => one(byId().get(userId)),
    insertUser: (row) => void insertUser().run(userColumns(row)),
    insertAuthenticator: (row) => void insertAuthenticator().run(authenticatorColumns(row)),
    hasActive: (userId, kind) => (active().get(userId, kind)?.n ?? 0) > 0,
  };
}
