import { QuerySyntaxError } from './lucene.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 8601 as log search writes it: a date, optionally a time and a zone (UTC when none). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/;
const DAY_MS = 86_400_000;

/**
 * A range bound of a log search (`date:[2026-01-01 TO 2026-01-31]`) as epoch ms. A bare date is that
 * UTC day's first millisecond, or its last when `roundUp` (Elasticsearch fills a missing time that way
 * for `lte` and `gt`, so `[… TO 2026-01-31]` takes in the whole of the 31st).
 */
export function parseQueryDate(value: string, roundUp: boolean): number {
  if (DATE_ONLY.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    // Date.parse rolls 2026-02-30 over to March; a day that does not exist is refused instead.
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== value) throw new QuerySyntaxError(`Unsupported date: ${value}`);
    return roundUp ? start + DAY_MS - 1 : start;
  }
  if (DATE_TIME.test(value)) {
    const zoned = /(?:Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new QuerySyntaxError(`Unsupported date: ${value}`);
}
