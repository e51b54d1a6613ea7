import type { SearchTerm } from '../queries.js';
import { termsToSql, type SqlParam } from '../lucene-sql.js';

/** The user-search vocabulary (services/user-query.ts), each field an allow-listed column of the users table. */
const USER_COLUMNS: Record<string, string> = {
  email: 'email', user_id: 'user_id', name: 'name', nickname: 'nickname', given_name: 'given_name', family_name: 'family_name',
};

/**
 * `_exists_:multifactor`: the user object carries `multifactor`, which it does while the user has an
 * active authenticator other than a recovery code (see `userView`). Kept in step with `authenticators.withActiveFactor`.
 */
const HAS_MULTIFACTOR = `EXISTS (SELECT 1 FROM authenticators a WHERE a.user_id = users.user_id AND a.active = 1 AND a.kind <> 'recovery-code')`;

/** Beyond Auth0: `multifactor_push_locked:true` finds users whose push factor "this wasn't me" locked. */
const PUSH_LOCKED = 'users.push_locked_at IS NOT NULL';

/** A bound `WHERE` over the users table for parsed terms. */
export function userSearchSql(terms: SearchTerm[]): { where: string; params: SqlParam[] } {
  return termsToSql(terms, USER_COLUMNS, { exists: { multifactor: HAS_MULTIFACTOR }, booleans: { multifactor_push_locked: PUSH_LOCKED } });
}
