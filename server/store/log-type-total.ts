import type { LogFilter } from './queries.js';

/**
 * The log type a filter asks for when it asks for nothing else (`type:seotpft`, as the Management console
 * and the SDK's `logs.list({ q: 'type:…' })` search): its total is the count migration 017's triggers keep
 * per type (`log_type_counts`), read in a few rows instead of counted over every entry of that type.
 * Any other filter (a prefix, a group, a second term, one user's entries) is counted over the matches.
 */
export function onlyLogType(filter: LogFilter): string | undefined {
  if (filter.userId !== undefined || filter.terms?.length !== 1) return undefined;
  const term = filter.terms[0]!;
  const plain = !term.prefix && !term.exists && !term.negated && !term.anyOf && !term.range;
  return plain && term.field === 'type' ? term.value : undefined;
}
