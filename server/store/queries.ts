import type { Term } from '../services/lucene.js';

/**
 * Searches as the store takes them: parsed, structured, never SQL. Each engine translates them with
 * values bound; a term outside an area's vocabulary makes the search throw `QuerySyntaxError`
 * (services/lucene.ts), which routes answer as an invalid query.
 */
export type SearchTerm = Term;

/** Auth0's user `sort` fields (https://auth0.com/docs/manage-users/user-search/sort-search-results). */
export const USER_SORT_FIELDS = ['created_at', 'updated_at', 'last_login', 'email', 'name', 'logins_count'] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

/**
 * A user search: terms over email, user_id, name, nickname, given_name, family_name, `_exists_:multifactor`
 * and `multifactor_push_locked:true|false`, all of which must hold; ties in the sort break on user_id.
 */
export interface UserSearch {
  terms: SearchTerm[];
  sort: { field: UserSortField; descending: boolean };
  offset: number;
  limit: number;
  /** Also count every match (the Management API's `include_totals`): a count walks them all, so only when asked. */
  withTotal?: boolean;
}

/**
 * Which audit-log entries: terms over type, user_id, client_id, user_name, ip, log_id and date ranges
 * (bounds as log search writes them, services/query-dates.ts), and optionally one user's entries only.
 */
export interface LogFilter {
  terms?: SearchTerm[];
  userId?: string;
}
