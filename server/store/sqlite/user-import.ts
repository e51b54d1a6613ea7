import type { Database } from 'better-sqlite3';
import { prepareOnce } from './prepare-once.js';
import { userColumns, userFromRecord, type UserRecord } from './user-records.js';
import { authenticatorColumns } from './authenticators.js';
import type { NewAuthenticator } from '../authenticators.js';
import type { UserRow } from '../users.js';
import { emailChecked } from './users.js';
import type { Synchronous } from './synchronous.js';
import type { ExistingUsers, UserImportRepo } from '../user-import.js';

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
  /** One statement per key: SQLite runs in-process, so a batch costs no round trips to save. */
  function findMany(emails: string[], userIds: string[]): ExistingUsers {
    const found: ExistingUsers = { byEmail: new Map(), byId: new Map() };
    for (const email of emails) {
      const record = byEmail().get(email);
      if (record) found.byEmail.set(email, userFromRecord(record));
    }
    for (const userId of userIds) {
      const record = byId().get(userId);
      if (record) found.byId.set(userId, userFromRecord(record));
    }
    return found;
  }
  // A savepoint inside the caller's transaction: a failing row undoes the rows before it.
  const insertUsers = (rows: UserRow[]) => emailChecked(() => db.transaction(() => rows.forEach((row) => insertUser().run(userColumns(row))))());
  const insertAuthenticators = (rows: NewAuthenticator[]) => db.transaction(() => rows.forEach((row) => insertAuthenticator().run(authenticatorColumns(row))))();
  return {
    findByEmail: (email) => one(byEmail().get(email)),
    find: (userId) => one(byId().get(userId)),
    findMany,
    insertUser: (row) => void insertUser().run(userColumns(row)),
    insertUsers,
    insertAuthenticator: (row) => void insertAuthenticator().run(authenticatorColumns(row)),
    insertAuthenticators,
    hasActive: (userId, kind) => (active().get(userId, kind)?.n ?? 0) > 0,
  };
}
