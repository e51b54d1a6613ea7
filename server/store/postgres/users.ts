import { prepared, type PreparedStatement, type Queryable } from './queryable.js';
import { emailChecked, findUser, insertUser, userColumn, userFromRecord, type UserRecord } from './user-records.js';
import { userOrderSql, userSearchSql } from './user-search.js';
import type { UserRow, UserRepo } from '../users.js';

const UPDATABLE = [
  'email', 'email_verified', 'password_hash', 'name', 'nickname', 'given_name', 'family_name', 'picture',
  'blocked', 'user_metadata', 'app_metadata', 'updated_at',
] as const;

// What findByEmail compares (user-records.ts): lower() follows the database's LC_CTYPE, which may fold
// more than JavaScript's toLowerCase does (glibc maps U+0130 to a plain i), so the database says.
const LOGIN_NAME = prepared('SELECT lower($1::text) AS name');
// https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS: the weakest row lock, the one a
// foreign key check takes; updates of other columns (a login's last_login) do not wait for it.
const FIND_FOR_REFERENCE = prepared('SELECT * FROM users WHERE user_id = $1 FOR KEY SHARE');
const RECORD_LOGIN = prepared('UPDATE users SET logins_count = logins_count + 1, last_login = $1 WHERE user_id = $2');
const RECORD_LOGIN_OF = prepared('UPDATE users SET logins_count = logins_count + 1, last_login = $1 WHERE user_id = $2 AND NOT blocked RETURNING *');

export function userRepo(q: Queryable): UserRepo {
  const run = async (sql: string | PreparedStatement, values: unknown[]) => (await q.query(sql, values)).rowCount ?? 0;
  const count = async (sql: string, values: unknown[] = []) => (await q.query<{ n: number }>(sql, values)).rows[0]?.n ?? 0;
  return {
    find: (userId) => findUser(q, 'user_id', userId),
    async findForReference(userId) {
      const record = (await q.query<UserRecord>(FIND_FOR_REFERENCE, [userId])).rows[0];
      return record && userFromRecord(record);
    },
    findByEmail: (email) => findUser(q, 'email', email),
    loginName: async (name) => (await q.query<{ name: string }>(LOGIN_NAME, [name])).rows[0]?.name ?? name,
    async page(offset, limit) {
      // The search's order (user-search.ts), which the `users_created` index is in (migration 016).
      const records = await q.query<UserRecord>('SELECT * FROM users ORDER BY created_at ASC NULLS FIRST, user_id COLLATE "C" LIMIT $1 OFFSET $2', [limit, offset]);
      return { users: records.rows.map(userFromRecord), total: await count('SELECT COUNT(*) AS n FROM users') };
    },
    async search(query) {
      const { where, params } = userSearchSql(query.terms);
      const n = params.length;
      const records = await q.query<UserRecord>(`SELECT * FROM users WHERE ${where} ORDER BY ${userOrderSql(query.sort)} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        query.limit,
        query.offset,
      ]);
      const users = records.rows.map(userFromRecord);
      return query.withTotal ? { users, total: await count(`SELECT COUNT(*) AS n FROM users WHERE ${where}`, params) } : { users };
    },
    insert: (row) => insertUser(q, row),
    async update(userId, fields) {
      // Column names come from the fixed list; only values are bound.
      const keys = UPDATABLE.filter((key) => fields[key] !== undefined);
      if (keys.length === 0) return;
      const values = keys.map((key) => userColumn(key, fields[key] as UserRow[typeof key]));
      await emailChecked(run(`UPDATE users SET ${keys.map((key, i) => `${key} = $${i + 1}`).join(', ')} WHERE user_id = $${keys.length + 1}`, [...values, userId]));
    },
    async recordLogin(userId, now) {
      await run(RECORD_LOGIN, [now, userId]);
    },
    async recordLoginOf(userId, now) {
      const record = (await q.query<UserRecord>(RECORD_LOGIN_OF, [now, userId])).rows[0];
      return record && userFromRecord(record);
    },
    // One conditional UPDATE: a concurrent change of the hash wins, and this one changes nothing.
    swapPasswordHash: async (userId, expected, next, now) =>
      (await run('UPDATE users SET password_hash = $1, updated_at = $2 WHERE user_id = $3 AND password_hash = $4', [next, now, userId, expected])) === 1,
    async invalidateRememberBrowser(userId, now) {
      await run('UPDATE users SET remember_browser_invalidated_at = $1 WHERE user_id = $2', [now, userId]);
    },
    async setPushLock(userId, at) {
      await run('UPDATE users SET push_locked_at = $1 WHERE user_id = $2', [at, userId]);
    },
    remove: async (userId) => (await run('DELETE FROM users WHERE user_id = $1', [userId])) === 1,
  };
}
