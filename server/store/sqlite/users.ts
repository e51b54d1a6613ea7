import type { Database } from 'better-sqlite3';
import { userSearchSql } from './user-search.js';
import { userColumns, userFromRecord, type UserRecord } from './user-records.js';
import type { Synchronous } from './synchronous.js';
import { EmailTakenError, type UserRepo } from '../users.js';

const UPDATABLE = [
  'email', 'email_verified', 'password_hash', 'name', 'nickname', 'given_name', 'family_name', 'picture',
  'blocked', 'user_metadata', 'app_metadata', 'updated_at',
] as const;

/** The email column's UNIQUE constraint failing becomes the store's EmailTakenError (as PostgreSQL's repo does). */
export function emailChecked(write: () => void): void {
  try {
    write();
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('users.email')) throw new EmailTakenError({ cause: error });
    throw error;
  }
}

const one = (record: UserRecord | undefined) => (record ? userFromRecord(record) : undefined);

export function userRepo(db: Database): Synchronous<UserRepo> {
  const find = (userId: string) => one(db.prepare<[string], UserRecord>('SELECT * FROM users WHERE user_id = ?').get(userId));
  return {
    find,
    // One transaction at a time holds the database: there is nothing to hold the row against.
    findForReference: find,
    findByEmail: (email) => one(db.prepare<[string], UserRecord>('SELECT * FROM users WHERE email = ?').get(email)),
    // The email column's NOCASE folds ASCII letters only (https://www.sqlite.org/datatype3.html#collating_sequences).
    loginName: (name) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase()),
    page(offset, limit) {
      const users = db
        .prepare<[number, number], UserRecord>('SELECT * FROM users ORDER BY created_at, user_id LIMIT ? OFFSET ?')
        .all(limit, offset)
        .map(userFromRecord);
      const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users').get()?.n ?? 0;
      return { users, total };
    },
    search(query) {
      const { where, params } = userSearchSql(query.terms);
      const orderBy = `${query.sort.field} ${query.sort.descending ? 'DESC' : 'ASC'}`;
      const { offset, limit } = query;
      const users = db
        .prepare<unknown[], UserRecord>(`SELECT * FROM users WHERE ${where} ORDER BY ${orderBy}, user_id LIMIT ? OFFSET ?`)
        .all(...params, limit, offset)
        .map(userFromRecord);
      if (!query.withTotal) return { users };
      const total = db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM users WHERE ${where}`).get(...params)?.n ?? 0;
      return { users, total };
    },
    insert(row) {
      emailChecked(() => db.prepare(
        `INSERT INTO users (user_id, email, email_verified, password_hash, name, nickname, given_name, family_name, picture,
           blocked, user_metadata, app_metadata, logins_count, last_login, created_at, updated_at)
         VALUES (@user_id, @email, @email_verified, @password_hash, @name, @nickname, @given_name, @family_name, @picture,
           @blocked, @user_metadata, @app_metadata, @logins_count, @last_login, @created_at, @updated_at)`,
      ).run(userColumns(row)));
    },
    update(userId, fields) {
      const keys = UPDATABLE.filter((key) => fields[key] !== undefined);
      if (keys.length === 0) return;
      const columns = userColumns(fields);
      emailChecked(() => db.prepare(`UPDATE users SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE user_id = @user_id`).run({
        ...Object.fromEntries(keys.map((k) => [k, columns[k]])),
        user_id: userId,
      }));
    },
    recordLogin(userId, now) {
      db.prepare('UPDATE users SET logins_count = logins_count + 1, last_login = ? WHERE user_id = ?').run(now, userId);
    },
    recordLoginOf: (userId, now) =>
      one(db.prepare<[number, string], UserRecord>('UPDATE users SET logins_count = logins_count + 1, last_login = ? WHERE user_id = ? AND blocked = 0 RETURNING *').get(now, userId)),
    swapPasswordHash: (userId, expected, next, now) =>
      db
        .prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE user_id = ? AND password_hash = ?')
        .run(next, now, userId, expected).changes === 1,
    invalidateRememberBrowser(userId, now) {
      db.prepare('UPDATE users SET remember_browser_invalidated_at = ? WHERE user_id = ?').run(now, userId);
    },
    setPushLock(userId, at) {
      db.prepare('UPDATE users SET push_locked_at = ? WHERE user_id = ?').run(at, userId);
    },
    remove: (userId) => db.prepare('DELETE FROM users WHERE user_id = ?').run(userId).changes === 1,
  };
}
