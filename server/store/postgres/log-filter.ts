import { parseQueryDate } from '../../services/query-dates.js';
import type { LogFilter } from '../queries.js';
import { termsToSql, type SqlParam } from '../lucene-sql.js';
import { numbered } from './numbered.js';

/** The log-search vocabulary, each field an allow-listed column of the logs table (as server/store/sqlite/log-filter.ts). */
const LOG_COLUMNS: Record<string, string> = { type: 'type', user_id: 'user_id', client_id: 'client_id', user_name: 'user_name', ip: 'ip', log_id: 'log_id' };

/**
 * A bound `WHERE` over the logs table, its placeholders numbered from `$offset + 1`. SQLite's LIKE ignores
 * (ASCII) case and PostgreSQL's does not, so a prefix term becomes ILIKE here: `user_name:Ali*` finds
 * "alice" on both engines. The fragments are lucene-sql.ts's own, so the one LIKE form it writes is the
 * only one to rewrite.
 */
export function logFilterSql(filter: LogFilter, offset = 0): { where: string; params: SqlParam[] } {
  const terms = termsToSql(filter.terms ?? [], LOG_COLUMNS, { ranges: { date: { column: 'date', parse: parseQueryDate } } });
  const where = terms.where.replaceAll(" LIKE ? ESCAPE '\\'", " ILIKE ? ESCAPE '\\'");
  if (filter.userId === undefined) return { where: numbered(where, offset), params: terms.params };
  return { where: numbered(`user_id = ? AND (${where})`, offset), params: [filter.userId, ...terms.params] };
}
