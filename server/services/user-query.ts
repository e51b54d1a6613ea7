import { parseQuery, type Term } from './lucene.js';

/** Lucene-style `q` fields of Auth0 user search (the store maps each to what it searches). */
const USER_FIELDS = ['email', 'user_id', 'name', 'nickname', 'given_name', 'family_name'] as const;
/** Beyond Auth0: `multifactor_push_locked:true|false`. */
const BOOLEAN_FIELDS = ['multifactor_push_locked'] as const;

/** Parses a user-search `q`; throws QuerySyntaxError for anything outside the vocabulary. */
export function parseUserQuery(q: string): Term[] {
  return parseQuery(q, { fields: [...USER_FIELDS, ...BOOLEAN_FIELDS], exists: ['multifactor'] });
}

/** The `q` vocabulary in words, for the OpenAPI description of every parameter that takes a user search. */
export const USER_QUERY_DESCRIPTION =
  'Lucene-style user search: field:value, field:"exact value" or field:prefix* over email, user_id, name, nickname, ' +
  'given_name, family_name, joined by whitespace or AND; _exists_:multifactor (enrolled in MFA) or ' +
  'NOT _exists_:multifactor; and, beyond Auth0, multifactor_push_locked:true|false. *:* selects every user.';
