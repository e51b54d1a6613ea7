import { describe, expect, it } from 'vitest';
import { matchesLogFilter, parseLogQuery } from '../../../src-main/cli/admin/log-query';
import { formatTable, shortDate } from '../../../src-main/cli/admin/table';
import type { LogEventView } from '../../../src-main/desktop/admin/types';

const event = (over: Partial<LogEventView>): LogEventView => ({
  logId: '1', date: '2026-11-23T12:00:00.000Z', type: 'gd_unenroll', typeLabel: 'Guardian - Unenroll', description: null,
  userId: 'auth0|a', userName: null, clientId: null, clientName: null, ip: null, details: null, ...over,
});

describe('tessera admin logs --query', () => {
  it('reads types, a quoted user id and a date range', () => {
    expect(parseLogQuery('type:gd_unenroll,gd_auth_failed user_id:"auth0|a b" from:2026-11-01 to:2026-11-30T23:59:59Z type:sapi')).toEqual({
      types: ['gd_unenroll', 'gd_auth_failed', 'sapi'], userId: 'auth0|a b', from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.000Z',
    });
    expect(parseLogQuery('')).toEqual({ types: [] });
    expect(parseLogQuery('  user:auth0|x  ')).toEqual({ types: [], userId: 'auth0|x' });
  });

  it.each([
    ['ada', 'unknown log query term "ada": use type:CODE[,CODE] user_id:ID from:DATE to:DATE'],
    ['type:', 'unknown log query term "type:": use type:CODE[,CODE] user_id:ID from:DATE to:DATE'],
    ['to:31/12/2026', 'to:31/12/2026: "31/12/2026" is not a date (use YYYY-MM-DD or an ISO time)'],
  ])('refuses %j', (query, message) => {
    expect(() => parseLogQuery(query)).toThrow(message);
  });

  it('applies the same filter to tailed events', () => {
    const filter = parseLogQuery('type:gd_unenroll user_id:auth0|a from:2026-11-23 to:2026-11-23T12:00:00Z');
    expect(matchesLogFilter(event({}), filter)).toBe(true);
    expect(matchesLogFilter(event({ type: 'sapi' }), filter)).toBe(false);
    expect(matchesLogFilter(event({ userId: 'auth0|b' }), filter)).toBe(false);
    expect(matchesLogFilter(event({ date: '2026-11-23T12:00:01.000Z' }), filter)).toBe(false);
    expect(matchesLogFilter(event({ date: '2026-11-22T23:59:59.000Z' }), filter)).toBe(false);
    expect(matchesLogFilter(event({ type: 'sapi', userId: null }), { types: [] })).toBe(true);
  });
});

describe('tables', () => {
  it('pads columns to the widest cell, shows missing cells as -, and neutralises terminal controls', () => {
    expect(formatTable(['A', 'BB', 'C'], [['long value', null, 'x'], ['\u001b[31mred', 'y', '']])).toBe(
      ['A           BB  C', 'long value  -   x', '\uFFFD[31mred    y   -'].join('\n'),
    );
  });

  it('shortens dates to the minute in UTC', () => {
    expect(shortDate('2026-11-23T12:34:56.789Z')).toBe('2026-11-23 12:34 UTC');
    expect(shortDate(null, 'never')).toBe('never');
  });
});
