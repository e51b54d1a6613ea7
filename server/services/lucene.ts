/**
 * The subset of Auth0's Lucene-style `q` that admin tools use: `field:"exact value"`, `field:value`,
 * `field:prefix*`, joined by whitespace or AND. Anything else is refused, never guessed at.
 */
export interface Term {
  field: string;
  value: string;
  prefix: boolean;
}

export class QuerySyntaxError extends Error {}

const TERM = /^([a-z_][a-z0-9_.]*):(?:"((?:[^"\\]|\\.)*)"|([^\s"*]+))(\*)?$/i;

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

export function parseQuery(q: string, fields: readonly string[]): Term[] {
  if (isMatchAll(q)) return [];
  const terms: Term[] = [];
  for (const token of tokenize(q.trim())) {
    if (token === 'AND') continue;
    const match = TERM.exec(token);
    if (!match) throw new QuerySyntaxError(`Unsupported query term: ${token}`);
    const [, field = '', quoted, bare, star] = match;
    if (!fields.includes(field)) throw new QuerySyntaxError(`Unsupported query field: ${field}`);
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    terms.push({ field, value, prefix: star === '*' });
  }
  return terms;
}

/** SQL `WHERE` fragments for terms, against an allow-list of field → column. Values are bound, never spliced. */
export function termsToSql(terms: Term[], columns: Record<string, string>): { where: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  for (const term of terms) {
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
