/**
 * Turns `?` placeholders (as the engine-neutral fragment builders in server/store/lucene-sql.ts write them)
 * into PostgreSQL's `$1`, `$2`, … starting after `offset` values already bound. Fragments never hold a `?`
 * of their own: every value is bound, and no operator in them uses one.
 */
export function numbered(sql: string, offset = 0): string {
  let index = offset;
  return sql.replace(/\?/g, () => `$${++index}`);
}
