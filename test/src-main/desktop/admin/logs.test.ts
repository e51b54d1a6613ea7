import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeLogs } from '../../../../src-main/desktop/admin/log-export';
import { AdminError, type LogEventView } from '../../../../src-main/desktop/admin/types';
import { json, managementToken, mgmt } from '../../../helpers/server.js';
import { connectedService, seed, startTessera, type ConsoleUnderTest, type ListeningTessera, type Seeded } from './admin-fixture';

let tessera: ListeningTessera;
let people: Seeded;
let console: ConsoleUnderTest;
/** One token for the test's own reads: each new token is itself a log event (seccft). */
let token: string;
beforeAll(async () => {
  tessera = await startTessera();
  people = await seed(tessera);
  console = await connectedService(tessera.baseUrl);
  token = await managementToken(tessera.app);
});
afterAll(async () => {
  await console.close();
  await tessera.close();
});

interface WireLog {
  log_id: string;
  type: string;
  user_id?: string;
}

async function wireLogs(q = ''): Promise<WireLog[]> {
  return json(await mgmt(tessera.app, 'GET', `/api/v2/logs?per_page=100${q ? `&q=${encodeURIComponent(q)}` : ''}`, undefined, token)) as WireLog[];
}

const all = { types: [], page: 0, perPage: 100 };

describe('logs', () => {
  it('pages the whole log newest first, with totals and labels', async () => {
    const wire = await wireLogs();
    const page = await console.service.logs(all);
    expect(page.total).toBe(wire.length);
    expect(page.events.map((e) => e.logId)).toEqual(wire.map((e) => e.log_id));
    expect(page.events.find((e) => e.type === 'gd_enrollment_complete')?.typeLabel).toBe('MFA Enrollment Complete');
  });

  it('filters by type and by user', async () => {
    const byType = await console.service.logs({ ...all, types: ['sapi'] });
    expect(byType.events.map((e) => e.logId)).toEqual((await wireLogs('type:sapi')).map((e) => e.log_id));
    expect(byType.events.every((e) => e.type === 'sapi')).toBe(true);
    const byUser = await console.service.logs({ ...all, userId: people.grace.user_id });
    expect(byUser.events.map((e) => e.logId)).toEqual((await wireLogs(`user_id:"${people.grace.user_id}"`)).map((e) => e.log_id));
    expect(byUser.total).toBeGreaterThan(0);
  });

  it('filters by several types at once', async () => {
    const both = await console.service.logs({ ...all, types: ['sapi', 'seccft'] });
    const expected = (await wireLogs()).filter((e) => e.type === 'sapi' || e.type === 'seccft');
    expect(both.events.map((e) => e.logId)).toEqual(expected.map((e) => e.log_id));
    expect(both.total).toBe(expected.length);
    expect(new Set(expected.map((e) => e.type))).toEqual(new Set(['sapi', 'seccft']));
  });

  it('filters by date range (inclusive days)', async () => {
    const total = (await wireLogs()).length;
    // The test server's clock stands on 2026-11-23.
    expect((await console.service.logs({ ...all, from: '2026-11-23', to: '2026-11-23' })).total).toBe(total);
    expect(await console.service.logs({ ...all, from: '2026-11-24' })).toEqual({ events: [], page: 0, perPage: 100, total: 0 });
    expect((await console.service.logs({ ...all, to: '2026-11-22' })).total).toBe(0);
    expect((await console.service.logs({ ...all, from: '2026-11-23', perPage: 2, page: 1 })).events).toHaveLength(2);
  });

  it.each([
    [{ from: 'yesterday' }, 'yesterday is not a date: use YYYY-MM-DD'],
    [{ from: '2026-11-24', to: '2026-11-23' }, 'The start date is after the end date'],
    [{ types: ['sapi OR x'] }, 'sapi OR x is not an event code'],
    [{ perPage: 0 }, 'Show 1 to 100 events per page'],
  ])('refuses %j', async (change, message) => {
    expect(await console.service.logs({ ...all, ...change }).catch((e: unknown) => e)).toEqual(new AdminError('invalid_input', message));
  });

  it('tails from a checkpoint', async () => {
    const newest = (await wireLogs()).slice(0, 2).reverse();
    const first = await console.service.tailLogs({ from: null, take: 2 });
    expect(first.events.map((e) => e.logId)).toEqual(newest.map((e) => e.log_id));
    expect(first.checkpoint).toBe(newest[1]?.log_id);
    expect(await console.service.tailLogs({ from: first.checkpoint, take: 10 })).toEqual({ events: [], checkpoint: first.checkpoint });
    await console.service.unlockPush(people.grace.user_id);
    const next = await console.service.tailLogs({ from: first.checkpoint, take: 10 });
    expect(next.events.map((e) => [e.type, e.description, e.userId])).toEqual([['sapi', 'Unlock push notifications', people.grace.user_id]]);
    expect(next.checkpoint).toBe(next.events[0]?.logId);
  });

  it('exports the filtered set as JSON and CSV', async () => {
    const filters = { types: ['sapi'], userId: people.ada.user_id };
    const expected = (await console.service.logs({ ...filters, page: 0, perPage: 100 })).events;
    expect(JSON.parse(await console.service.exportLogs(filters, 'json'))).toEqual(expected);
    const csv = await console.service.exportLogs(filters, 'csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,type,typeLabel,description,userId,userName,clientId,clientName,ip,logId,details');
    expect(lines).toHaveLength(expected.length + 2);
    expect(lines.at(-1)).toBe('');
  });
});

describe('CSV export', () => {
  const event: LogEventView = {
    logId: 'log_1', date: '2026-11-23T12:00:00.000Z', type: 'sapi', typeLabel: 'Success API Operation', description: 'said "hi", then left',
    userId: 'auth0|1', userName: '=HYPERLINK("http://evil")', clientId: '+cmd', clientName: '-2+3', ip: '@SUM(A1)', details: { a: 'line\nbreak' },
  };

  it('quotes per RFC 4180 and defuses formula cells', () => {
    expect(serializeLogs([event], 'csv')).toBe(
      'date,type,typeLabel,description,userId,userName,clientId,clientName,ip,logId,details\r\n' +
        '2026-11-23T12:00:00.000Z,sapi,Success API Operation,"said ""hi"", then left",auth0|1,"\'=HYPERLINK(""http://evil"")",\'+cmd,\'-2+3,\'@SUM(A1),log_1,"{""a"":""line\\nbreak""}"\r\n',
    );
  });
});
