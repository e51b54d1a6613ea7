import type { Queryable } from './queryable.js';

const NUL = '\u0000';

function holdsNul(value: unknown): boolean {
  return typeof value === 'string' ? value.includes(NUL) : Array.isArray(value) && value.some(holdsNul);
}

/**
 * PostgreSQL text cannot hold U+0000 (https://www.postgresql.org/docs/current/datatype-character.html) and
 * refuses a parameter with one (22021) where SQLite would simply match nothing. Bodies and query strings
 * with one are refused at the HTTP boundary (server/validation-nul.ts), so what still carries one is a
 * key from a path (`/users/%00`): no stored row can equal it, so a statement keyed by it matches no row,
 * as on SQLite. A write of such a value is a bug upstream and still fails.
 */
export function nulKeysMatchNothing(q: Queryable): Queryable {
  return {
    query(statement, values) {
      if (!values?.some(holdsNul)) return q.query(statement, values);
      const text = typeof statement === 'string' ? statement : statement.text;
      if (/^\s*INSERT\b/i.test(text)) return Promise.reject(new Error('store: a value holding U+0000 cannot be stored in PostgreSQL'));
      return Promise.resolve({ rows: [], rowCount: 0 });
    },
  };
}
