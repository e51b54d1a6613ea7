import type { QueryResultRow } from 'pg';

/**
 * What a PostgreSQL repository runs its SQL on: the pool (each statement its own transaction) or the one
 * client a `Store.transaction` holds. `pg.Pool` and `pg.PoolClient` both fit.
 */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}
