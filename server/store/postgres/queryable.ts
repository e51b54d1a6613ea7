import { createHash } from 'node:crypto';
import type { QueryResultRow } from 'pg';

/**
 * A statement PostgreSQL prepares once per connection: node-postgres sends a query that has a `name` as a
 * named statement the first time a connection runs it, then only binds and executes it there
 * (https://node-postgres.com/features/queries#prepared-statements), so the server stops parsing and
 * planning it on every call. Unnamed statements are parsed and planned on each use.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * What a PostgreSQL repository runs its SQL on: the pool (each statement its own transaction) or the one
 * client a `Store.transaction` holds. `pg.Pool` and `pg.PoolClient` both fit.
 */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(
    statement: string | PreparedStatement,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * `text` as a named statement, for the SQL every request runs. The name is a digest of the text, so one name
 * always means one text: node-postgres remembers what each of its connections prepared, and a pooled
 * connection that already has it skips the parse whichever repository asks. Fixed text only (a statement
 * built per call would fill every connection with prepared plans), and not the user search, whose LIKE
 * patterns need a plan made for their value (a named statement may switch to a generic plan after five runs).
 */
export function prepared(text: string): PreparedStatement {
  return Object.freeze({ name: `t_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`, text });
}
