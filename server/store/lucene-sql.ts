import { QuerySyntaxError, type Term } from '../services/lucene.js';

// Engine-neutral: fragments use `?` placeholders (SQLite's); the PostgreSQL store numbers them (postgres/numbered.ts).

export type SqlParam = string | number;

/** How a field that is no plain column is searched. */
export interface Predicates {
  /** `_exists_:field` → the fixed SQL predicate that holds when it is present. */
  exists?: Record<string, string>;
  /** `field:true` / `field:false` → the fixed SQL predicate that holds when it is true. */
  booleans?: Record<string, string>;
  /** `field:[a TO b]` → the column, and how a bound's text becomes its value (`roundUp` for `]` and `{`). */
  ranges?: Record<string, { column: string; parse(value: string, roundUp: boolean): number }>;
}

function predicateFor(term: Term, predicates: Predicates): string | undefined {
  if (term.exists) {
    const sql = predicates.exists?.[term.field];
    if (!sql) throw new QuerySyntaxError(`Unsupported query field: _exists_:${term.field}`);
    return term.negated ? `NOT (${sql})` : `(${sql})`;
  }
  const sql = predicates.booleans?.[term.field];
  if (sql === undefined) return undefined;
  if (term.prefix || (term.value !== 'true' && term.value !== 'false')) throw new QuerySyntaxError(`Unsupported value for ${term.field}: use true or false`);
  return term.value === 'true' ? `(${sql})` : `NOT (${sql})`;
}

function rangeSql(term: Term, predicates: Predicates, params: SqlParam[]): string {
  const spec = predicates.ranges?.[term.field];
  const range = term.range;
  if (!spec || !range) throw new QuerySyntaxError(`Unsupported query field: ${term.field}`);
  const clauses: string[] = [];
  // Elasticsearch's rule for a bound missing its time: `gt` and `lte` round up, `gte` and `lt` down.
  if (range.from !== null) {
    clauses.push(`${spec.column} ${range.includeFrom ? '>=' : '>'} ?`);
    params.push(spec.parse(range.from, !range.includeFrom));
  }
  if (range.to !== null) {
    clauses.push(`${spec.column} ${range.includeTo ? '<=' : '<'} ?`);
    params.push(spec.parse(range.to, range.includeTo));
  }
  return clauses.length ? `(${clauses.join(' AND ')})` : '1 = 1';
}

function plainSql(term: Term, columns: Record<string, string>, params: SqlParam[]): string {
  const column = columns[term.field];
  if (!column) throw new QuerySyntaxError(`Unsupported query field: ${term.field}`);
  if (term.prefix) {
    params.push(`${term.value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return `${column} LIKE ? ESCAPE '\\'`;
  }
  params.push(term.value);
  return `${column} = ?`;
}

function termSql(term: Term, columns: Record<string, string>, predicates: Predicates, params: SqlParam[]): string {
  if (term.anyOf) return `(${term.anyOf.map((inner) => termSql(inner, columns, predicates, params)).join(' OR ')})`;
  if (term.range) return rangeSql(term, predicates, params);
  return predicateFor(term, predicates) ?? plainSql(term, columns, params);
}

/** SQL `WHERE` fragments for terms, against allow-listed columns and fixed predicates. Values are bound, never spliced. */
export function termsToSql(terms: Term[], columns: Record<string, string>, predicates: Predicates = {}): { where: string; params: SqlParam[] } {
  const params: SqlParam[] = [];
  const clauses = terms.map((term) => termSql(term, columns, predicates, params));
  return { where: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}
