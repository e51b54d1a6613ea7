import type { LogEventView, LogQuery } from '../../desktop/admin/types';
import { CliError, ExitCode } from '../context';

export type LogFilter = Omit<LogQuery, 'page' | 'perPage'>;

const TERM = /^(type|user_id|user|from|to):(?:"([^"]*)"|(\S+))$/;
const TERMS_HINT = 'type:CODE[,CODE] user_id:ID from:DATE to:DATE';

function isoDate(text: string, term: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new CliError(`${term}: "${text}" is not a date (use YYYY-MM-DD or an ISO time)`, ExitCode.usage);
  return new Date(ms).toISOString();
}

/** Splits on spaces outside double quotes: `user_id:"auth0|a b"` stays one term. */
const splitTerms = (query: string) => query.match(/\S+?:"[^"]*"|\S+/g) ?? [];

/**
 * `--query` for `tessera admin logs`: space-separated terms, each narrowing the events. A term it does
 * not know is an error, not ignored, so a typo never shows the whole log as if it matched.
 */
export function parseLogQuery(query: string): LogFilter {
  const filter: LogFilter = { types: [] };
  for (const term of splitTerms(query)) {
    const match = TERM.exec(term);
    if (!match) throw new CliError(`unknown log query term "${term}": use ${TERMS_HINT}`, ExitCode.usage);
    const [, name, quoted, bare] = match;
    const value = quoted ?? bare!;
    if (name === 'type') filter.types.push(...value.split(',').filter((type) => type !== ''));
    else if (name === 'user_id' || name === 'user') filter.userId = value;
    else if (name === 'from') filter.from = isoDate(value, term);
    else filter.to = isoDate(value, term);
  }
  return filter;
}

/** The same filter applied to tailed events (the checkpoint API takes no query). */
export function matchesLogFilter(event: LogEventView, filter: LogFilter): boolean {
  if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.userId !== undefined && event.userId !== filter.userId) return false;
  if (filter.from !== undefined && event.date < filter.from) return false;
  return filter.to === undefined || event.date <= filter.to;
}
