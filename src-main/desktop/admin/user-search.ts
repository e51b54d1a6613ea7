import { UserFilter } from './types';

/** Auth0 user search (`q`, Lucene syntax): `_exists_` and `NOT` as its docs write them. */
const FILTER_TERMS: Record<UserFilter, string | null> = {
  [UserFilter.all]: null,
  [UserFilter.enrolled]: '_exists_:multifactor',
  [UserFilter.notEnrolled]: 'NOT _exists_:multifactor',
  [UserFilter.pushLocked]: 'multifactor_push_locked:true',
};

const FIELD_SYNTAX = /(^|\s)(NOT\s+)?[a-z_][a-z0-9_.]*:/i;
const BARE = /^[^\s"*:\\()[\]{}]+$/;

/** A value as a prefix term: bare when it can be (`ada*`), quoted when it has spaces or symbols. */
function prefixTerm(field: string, value: string): string {
  return BARE.test(value) ? `${field}:${value}*` : `${field}:"${value.replace(/["\\]/g, '\\$&')}"*`;
}

/**
 * The search box → Auth0 `q`. Input already in `field:value` syntax passes through; free text becomes
 * the one term most likely meant, because Tessera's search (like the simple form of Auth0's) joins
 * terms with AND: an `@` means an email, `provider|id` a user id, anything else a name.
 */
export function searchTerm(search: string): string | null {
  const text = search.trim();
  if (!text) return null;
  if (FIELD_SYNTAX.test(text) || text === '*' || text === '*:*') return text;
  if (text.includes('@')) return prefixTerm('email', text);
  if (/^[a-z0-9-]+\|\S+$/i.test(text)) return `user_id:"${text.replace(/["\\]/g, '\\$&')}"`;
  return prefixTerm('name', text);
}

export function userQuery(search: string, filter: UserFilter): string | undefined {
  const terms = [searchTerm(search), FILTER_TERMS[filter]].filter((term): term is string => term !== null);
  return terms.length ? terms.join(' AND ') : undefined;
}
