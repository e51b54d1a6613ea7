import { parseQueryDate } from '../../services/query-dates.js';
import type { LogFilter } from '../queries.js';
import { termsToSql, type SqlParam } from '../lucene-sql.js';

/** The log-search vocabulary, each field an allow-listed column of the logs table. */
const LOG_COLUMNS: Record<string, string> = { type: 'type', user_id: 'user_id', client_id: 'client_id', user_name: 'user_name', ip: 'ip', log_id: 'log_id' };

/** A bound `WHERE` over the logs table. */
export function logFilterSql(filter: LogFilter): { where: string; params: SqlParam[] } {
  const { where, params } = termsToSql(filter.terms ?? [], LOG_COLUMNS, { ranges: { date: { column: 'date', parse: parseQueryDate } } });
  if (filter.userId === undefined) return { where, params };
  return { where: `user_id = ? AND (${where})`, params: [filter.userId, ...params] };
}
