import { parseQuery, type Term } from './lucene.js';
import { termsToSql, type SqlParam } from './lucene-sql.js';

/** Lucene-style `q` fields of Auth0 user search, each an allow-listed column of the users table. */
const USER_COLUMNS: Record<string, string> = {
  email: 'email', user_id: 'user_id', name: 'name', nickname: 'nickname', given_name: 'given_name', family_name: 'family_name',
};

/**
 * `_exists_:multifactor`: the user object carries `multifactor`, which it does while the user has an
 * active authenticator other than a recovery code (see `userView`). Kept in step with `hasActiveFactor`.
 */
const HAS_MULTIFACTOR = `EXISTS (SELECT 1 FROM authenticators a WHERE a.user_id = users.user_id AND a.active = 1 AND a.kind <> 'recovery-code')`;

/** Beyond Auth0: `multifactor_push_locked:true` finds users whose push factor "this wasn't me" locked. */
const PUSH_LOCKED = 'users.push_locked_at IS NOT NULL';

const BOOLEANS: Record<string, string> = { multifactor_push_locked: PUSH_LOCKED };

/** Parses a user-search `q`; throws QuerySyntaxError for anything outside the vocabulary. */
export function parseUserQuery(q: string): Term[] {
  return parseQuery(q, { fields: [...Object.keys(USER_COLUMNS), ...Object.keys(BOOLEANS)], exists: ['multifactor'] });
}

/** A bound `WHERE` over the users table for parsed terms. */
export function userQuerySql(terms: Term[]): { where: string; params: SqlParam[] } {
  return termsToSql(terms, USER_COLUMNS, { exists: { multifactor: HAS_MULTIFACTOR }, booleans: BOOLEANS });
}

/** The `q` vocabulary in words, for the OpenAPI description of every parameter that takes a user search. */
export const USER_QUERY_DESCRIPTION =
  'Lucene-style user search: field:value, field:"exact value" or field:prefix* over email, user_id, name, nickname, ' +
  'given_name, family_name, joined by whitespace or AND; _exists_:multifactor (enrolled in MFA) or ' +
  'NOT _exists_:multifactor; and, beyond Auth0, multifactor_push_locked:true|false. *:* selects every user.';
