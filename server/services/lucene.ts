/**
 * The subset of Auth0's Lucene-style `q` that admin tools use: `field:"exact value"`, `field:value`,
 * `field:prefix*`, joined by whitespace or AND; a parenthesised group of such terms joined by OR
 * (`(type:f OR type:fp)`); where a caller allows them, ranges (`date:[2026-01-01 TO 2026-01-31]`,
 * `{…}` exclusive, `*` open) and `_exists_:field` / `NOT _exists_:field` (Lucene's presence test,
 * which Auth0 user search accepts). Anything else is refused, never guessed at.
 */
export interface Term {
  field: string;
  value: string;
  prefix: boolean;
  /** `_exists_:field`: `field` names what must be present, `value` is empty. */
  exists?: boolean;
  /** Preceded by `NOT` (only an `_exists_` term may be). */
  negated?: boolean;
  /** `(a OR b …)`: any of these plain terms; `field` and `value` are empty. */
  anyOf?: Term[];
  /** `field:[from TO to]`; a null bound is open (`*`). */
  range?: { from: string | null; to: string | null; includeFrom: boolean; includeTo: boolean };
}

export class QuerySyntaxError extends Error {}

const TERM = /^([a-z_][a-z0-9_.]*):(?:"((?:[^"\\]|\\.)*)"|([^\s"*()[\]{}]+))(\*)?$/i;
const RANGE = /^([a-z_][a-z0-9_.]*):([[{])(\S+) TO (\S+)([\]}])$/i;
const EXISTS_FIELD = '_exists_';

function tokenize(q: string): string[] {
  return q.match(/[()]|[a-z_][a-z0-9_.]*:[[{][^\]}]*[\]}]|[a-z_][a-z0-9_.]*:"(?:[^"\\]|\\.)*"\*?|[^\s()]+/gi) ?? [];
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
  /** Fields a `[from TO to]` range may name; none unless given. */
  ranges?: readonly string[];
}

function rangeTerm(match: RegExpExecArray, words: QueryVocabulary): Term {
  const [token = '', field = '', open, from = '', to = '', close] = match;
  if (!(words.ranges ?? []).includes(field)) throw new QuerySyntaxError(`Unsupported query term: ${token}`);
  const bound = (value: string) => (value === '*' ? null : value);
  return { field, value: '', prefix: false, range: { from: bound(from), to: bound(to), includeFrom: open === '[', includeTo: close === ']' } };
}

/** One `field:value` (or range, or `_exists_:field`) token. */
function fieldTerm(token: string, words: QueryVocabulary, negated: boolean): Term {
  const range = RANGE.exec(token);
  if (range && !negated) return rangeTerm(range, words);
  const match = TERM.exec(token);
  if (!match) throw new QuerySyntaxError(`Unsupported query term: ${negated ? 'NOT' : token}`);
  const [, field = '', quoted, bare, star] = match;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
  if (field === EXISTS_FIELD && star !== '*' && (words.exists ?? []).length > 0) {
    if (!(words.exists ?? []).includes(value)) throw new QuerySyntaxError(`Unsupported query field: ${EXISTS_FIELD}:${value}`);
    return { field: value, value: '', prefix: false, exists: true, negated };
  }
  if (negated) throw new QuerySyntaxError('Unsupported query term: NOT');
  if (!words.fields.includes(field)) throw new QuerySyntaxError(`Unsupported query field: ${field}`);
  return { field, value, prefix: star === '*' };
}

/** `( term OR term … )` from `tokens[start]` (the `(`); returns the group and the index after `)`. */
function group(tokens: string[], start: number, words: QueryVocabulary): [Term, number] {
  const anyOf: Term[] = [];
  let i = start + 1;
  if (tokens[i] === ')') throw new QuerySyntaxError('Unsupported query term: ()');
  for (;;) {
    const token = tokens[i];
    if (token === undefined || token === '(' || token === ')' || token === 'OR' || token === 'AND' || token === 'NOT') {
      throw new QuerySyntaxError(`Unsupported query term: ${token ?? '('}`);
    }
    anyOf.push(fieldTerm(token, { fields: words.fields }, false));
    const next = tokens[i + 1];
    if (next === ')') return [{ field: '', value: '', prefix: false, anyOf }, i + 2];
    if (next !== 'OR') throw new QuerySyntaxError(`Unsupported query term: ${next ?? '('}`);
    i += 2;
  }
}

export function parseQuery(q: string, vocabulary: readonly string[] | QueryVocabulary): Term[] {
  const words: QueryVocabulary = 'fields' in vocabulary ? vocabulary : { fields: vocabulary };
  if (isMatchAll(q)) return [];
  const tokens = tokenize(q.trim());
  const terms: Term[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] ?? '';
    if (token === 'AND') {
      i += 1;
    } else if (token === '(') {
      const [term, next] = group(tokens, i, words);
      terms.push(term);
      i = next;
    } else if (token === 'NOT' && (words.exists ?? []).length > 0) {
      // NOT only ever negates a field-presence test here.
      const next = tokens[i + 1];
      if (next === undefined || next === 'NOT' || next === '(') throw new QuerySyntaxError('Unsupported query term: NOT');
      terms.push(fieldTerm(next, words, true));
      i += 2;
    } else {
      terms.push(fieldTerm(token, words, false));
      i += 1;
    }
  }
  return terms;
}
