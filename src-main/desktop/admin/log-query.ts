import { AdminError, AdminErrorKind, type LogEventView, type LogQuery } from './types';

const MAX_PER_PAGE = 100;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const EVENT_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** Inclusive bounds in ms; a bare date covers its whole (UTC) day. */
export function dateBounds(query: Pick<LogQuery, 'from' | 'to'>): { from: number; to: number } | null {
  if (!query.from && !query.to) return null;
  const parse = (value: string | undefined, endOfDay: boolean, fallback: number) => {
    if (!value) return fallback;
    const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value);
    if (Number.isNaN(ms)) throw new AdminError(AdminErrorKind.invalidInput, `${value} is not a date: use YYYY-MM-DD`);
    return ms;
  };
  const bounds = { from: parse(query.from, false, -Infinity), to: parse(query.to, true, Infinity) };
  if (bounds.from > bounds.to) throw new AdminError(AdminErrorKind.invalidInput, 'The start date is after the end date');
  return bounds;
}

export function inBounds(event: LogEventView, bounds: { from: number; to: number }): boolean {
  const ms = Date.parse(event.date);
  return ms >= bounds.from && ms <= bounds.to;
}

const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** Auth0 log search (`q`/`search`, Lucene syntax) for the type and user filters; dates are handled by the caller. */
export function logSearch(query: Pick<LogQuery, 'types' | 'userId'>): string | undefined {
  const types = query.types ?? [];
  for (const type of types) if (!EVENT_CODE.test(type)) throw new AdminError(AdminErrorKind.invalidInput, `${type} is not an event code`);
  const terms: string[] = [];
  if (types.length === 1) terms.push(`type:${types[0]}`);
  if (types.length > 1) terms.push(`(${types.map((type) => `type:${type}`).join(' OR ')})`);
  if (query.userId?.trim()) terms.push(`user_id:${quoted(query.userId.trim())}`);
  return terms.length ? terms.join(' AND ') : undefined;
}

/** Auth0's range syntax, for servers that take it (Auth0 does; Tessera filters by date on this side). */
export function dateRangeTerm(query: Pick<LogQuery, 'from' | 'to'>): string | undefined {
  if (!dateBounds(query)) return undefined;
  return `date:[${query.from ?? '*'} TO ${query.to ?? '*'}]`;
}

export function checkPaging(page: number, perPage: number): void {
  if (!Number.isInteger(page) || page < 0) throw new AdminError(AdminErrorKind.invalidInput, 'The page must be a whole number from 0');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw new AdminError(AdminErrorKind.invalidInput, `Show 1 to ${MAX_PER_PAGE} events per page`);
}
