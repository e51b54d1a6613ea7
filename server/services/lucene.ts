/**
 * The subset of Auth0's Lucene-style `q` that admin tools use: `field:"exact value"`, `field:value`,
 * `field:prefix*`, joined by whitespace or AND; where a caller allows them, `_exists_:field` and
 * `NOT _exists_:field` (Lucene's field-presence test, which Auth0 user search accepts). Anything else
 * is refused, never guessed at.
 */
export interface Term {
  field: string;
  value: string;
  prefix: boolean;
  /** `_exists_:field`: `field` names what must be present, `value` is empty. */
  exists?: boolean;
  /** Preceded by `NOT` (only an `_exists_` term may be). */
  negated?: boolean;
}

export class QuerySyntaxError extends Error {}

const TERM = /^([a-z_][a-z0-9_.]*):(?:"((?:[^"\\]|\\.)*)"|([^\s"*]+))(\*)?$/i;
const EXISTS_FIELD = '_exists_';

function tokenize(q: string): string[] {
  return q.match(/[a-z_][a-z0-9_.]*:"(?:[^"\\]|\\.)*"\*?|\S+/gi) ?? [];
}

/**
 * Lucene's match-all forms (`*:*`, and `*` as Auth0 user search writes it): the one explicit way to
 * select every record. A query that is merely blank, or only `AND`, has no term and selects nothing
 * by intent, so callers that act on every match must tell the two apart (see `isMatchAll`).
 */
const MATCH_ALL = new Set(['*:*', '*']);

export function isMatchAll(q: string): boolean {
  return MATCH_ALL.has(q.trim());
}

export interface QueryVocabulary {
  /** Fields a `field:value` term may name. */
  fields: readonly string[];
  /** Fields `_exists_:field` may name; none unless given. */
  exists?: readonly string[];
}

function existsTerm(value: string, negated: boolean, vocabulary: QueryVocabulary): Term {
  if (!(vocabulary.exists ?? []).includes(value)) throw new QuerySyntaxError(`Unsupported query field: ${EXISTS_FIELD}:${value}`);
  return { field: value, value: '', prefix: false, exists: true, negated };
}

export function parseQuery(q: string, vocabulary: readonly string[] | QueryVocabulary): Term[] {
  const words: QueryVocabulary = 'fields' in vocabulary ? vocabulary : { fields: vocabulary };
  if (isMatchAll(q)) return [];
  const terms: Term[] = [];
  let negate = false;
  for (const token of tokenize(q.trim())) {
    if (token === 'AND' && !negate) continue;
    // NOT only ever negates a field-presence test here; before anything else it is refused.
    if (token === 'NOT' && !negate && (words.exists ?? []).length > 0) {
      negate = true;
      continue;
    }
    const match = TERM.exec(token);
    if (!match) throw new QuerySyntaxError(`Unsupported query term: ${negate ? 'NOT' : token}`);
    const [, field = '', quoted, bare, star] = match;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    if (field === EXISTS_FIELD && star !== '*') {
      terms.push(existsTerm(value, negate, words));
      negate = false;
      continue;
    }
    if (negate) throw new QuerySyntaxError('Unsupported query term: NOT');
    if (!words.fields.includes(field)) throw new QuerySyntaxError(`Unsupported query field: ${field}`);
    terms.push({ field, value, prefix: star === '*' });
  }
  if (negate) throw new QuerySyntaxError('Unsupported query term: NOT');
  return terms;
}

/** How a field that is no plain column is searched: each a fixed SQL predicate on the searched row. */
export interface Predicates {
  /** `_exists_:field` → the predicate that holds when it is present. */
  exists?: Record<string, string>;
  /** `field:true` / `field:false` → the predicate that holds when it is true. */
  booleans?: Record<string, string>;
}

function predicateFor(term: Term, predicates: Predicates): string | undefined {
  if (term.exists) {
    const sql = predicates.exists?.[term.field];
    if (!sql) throw new QuerySyntaxError(`Unsupported query field: ${EXISTS_FIELD}:${term.field}`);
    return term.negated ? `NOT (${sql})` : `(${sql})`;
  }
  const sql = predicates.booleans?.[term.field];
  if (sql === undefined) return undefined;
  if (term.prefix || (term.value !== 'true' && term.value !== 'false')) throw new QuerySyntaxError(`Unsupported value for ${term.field}: use true or false`);
  return term.value === 'true' ? `(${sql})` : `NOT (${sql})`;
}

/** SQL `WHERE` fragments for terms, against an allow-list of field → column. Values are bound, never spliced. */
export function termsToSql(terms: Term[], columns: Record<string, string>, predicates: Predicates = {}): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const term of terms) {
    const predicate = predicateFor(term, predicates);
    if (predicate !== undefined) {
      clauses.push(predicate);
      continue;
    }
    const column = columns[term.field];
    if (!column) throw new QuerySyntaxError(`Unsupported query field: ${term.field}`);
    if (term.prefix) {
      clauses.push(`${column} LIKE ? ESCAPE '\\'`);
      params.push(`${term.value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    } else {
      clauses.push(`${column} = ?`);
      params.push(term.value);
    }
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}
