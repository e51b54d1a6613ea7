import type pg from 'pg';
import type { Queryable } from '../../server/store/postgres/queryable.js';

/** One statement a repository sent, to EXPLAIN afterwards. */
export interface Recorded {
  text: string;
  values: unknown[];
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Runs the repository's statements on `pool` and keeps each: the plans read are of the SQL the store really sends. */
export function recording(pool: pg.Pool, into: Recorded[]): Queryable {
  return {
    query: (statement, values = []) => {
      into.push({ text: typeof statement === 'string' ? statement : statement.text, values });
      return pool.query(statement, values);
    },
  };
}

/** PostgreSQL's plan for one recorded statement, with its values. */
export async function explain(pool: pg.Pool, { text, values }: Recorded): Promise<PlanNode> {
  const explained = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
  return explained.rows[0]!['QUERY PLAN'][0].Plan;
}
