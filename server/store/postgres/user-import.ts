import type { Queryable } from './queryable.js';
import { insertAuthenticator } from './authenticators.js';
import { findUser, insertUser } from './user-records.js';
import type { UserImportRepo } from '../user-import.js';

/** The import's statements; PostgreSQL plans each per connection, so there is nothing to prepare here. */
export function userImportRepo(q: Queryable): UserImportRepo {
  return {
    findByEmail: (email) => findUser(q, 'email', email),
    find: (userId) => findUser(q, 'user_id', userId),
    insertUser: (row) => insertUser(q, row),
    insertAuthenticator: (row) => insertAuthenticator(q, row),
    hasActive: async (userId, kind) =>
      (await q.query('SELECT 1 FROM authenticators WHERE user_id = $1 AND kind = $2 AND active LIMIT 1', [userId, kind])).rows.length > 0,
  };
}
