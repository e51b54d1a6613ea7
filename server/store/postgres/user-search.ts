import type { SearchTerm, UserSearch } from '../queries.js';
import { termsToSql, type SqlParam } from '../lucene-sql.js';
import { numbered } from './numbered.js';

/** SQLite's NOCASE and LIKE fold ASCII letters only; PostgreSQL's lower() and ILIKE fold every letter. */
const asciiLower = (sql: string) => `translate(${sql}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

const FIELDS = ['email', 'user_id', 'name', 'nickname', 'given_name', 'family_name'];
/** The case-folded twin of a field: `:` never occurs in a parsed field name, so no query can name one. */
const folded = (field: string) => `${field}:ascii-folded`;

// Null prototypes: a field named `constructor` or `toString` must find no column, not Object's methods.
const COLUMNS: Record<string, string> = Object.assign(
  Object.create(null) as Record<string, string>,
  Object.fromEntries(FIELDS.flatMap((field) => [[field, field], [folded(field), asciiLower(field)]])),
);

/** As server/store/sqlite/user-search.ts, on PostgreSQL's BOOLEAN `active`. */
const HAS_MULTIFACTOR = `EXISTS (SELECT 1 FROM authenticators a WHERE a.user_id = users.user_id AND a.active AND a.kind <> 'recovery-code')`;
const PUSH_LOCKED = 'users.push_locked_at IS NOT NULL';
const PREDICATES = {
  exists: Object.assign(Object.create(null) as Record<string, string>, { multifactor: HAS_MULTIFACTOR }),
  booleans: Object.assign(Object.create(null) as Record<string, string>, { multifactor_push_locked: PUSH_LOCKED }),
};

/**
 * SQLite's case rules as terms PostgreSQL compares byte for byte: a prefix (LIKE) ignores ASCII case on
 * every field, and equality ignores it on email (its column is NOCASE), so both sides are ASCII-folded.
 */
function withSqliteCase(term: SearchTerm): SearchTerm {
  if (term.anyOf) return { ...term, anyOf: term.anyOf.map(withSqliteCase) };
  if (term.exists || term.range || !FIELDS.includes(term.field)) return term;
  if (!term.prefix && term.field !== 'email') return term;
  return { ...term, field: folded(term.field), value: lowerAscii(term.value) };
}

/** A bound `WHERE` over the users table for parsed terms, its placeholders numbered from $1. */
export function userSearchSql(terms: SearchTerm[]): { where: string; params: SqlParam[] } {
  const { where, params } = termsToSql(terms.map(withSqliteCase), COLUMNS, PREDICATES);
  return { where: numbered(where), params };
}

/**
 * `ORDER BY` in SQLite's order: text in byte order (email ignoring ASCII case, as NOCASE sorts), NULLs
 * first ascending and last descending, ties broken on user_id.
 */
export function userOrderSql(sort: UserSearch['sort']): string {
  const { field, descending } = sort;
  const key = field === 'email' ? `${asciiLower('email')} COLLATE "C"` : field === 'name' ? 'name COLLATE "C"' : field;
  return `${key} ${descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, user_id COLLATE "C"`;
}
