import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import type { LogRow } from '../../../server/store/audit-log.js';
import { parseQuery, QuerySyntaxError } from '../../../server/services/lucene.js';
import type { OpenStore } from './seeded-store.js';

const FIELDS = { fields: ['type', 'user_id', 'client_id', 'user_name', 'ip', 'log_id', 'connection'], ranges: ['date'] };
const terms = (q: string) => parseQuery(q, FIELDS);
const DAY = Date.UTC(2026, 0, 10);

function entry(n: number, fields: Partial<Omit<LogRow, 'seq'>> = {}): Omit<LogRow, 'seq'> {
  return {
    log_id: `log_${String(n).padStart(3, '0')}`,
    type: 's',
    date: DAY + n * 1000,
    description: null,
    client_id: null,
    client_name: null,
    user_id: null,
    user_name: null,
    ip: null,
    user_agent: null,
    details: {},
    ...fields,
  };
}

/** The audit-log repository (server/store/audit-log.ts) as every engine must answer it. */
export function describeAuditLogRepo(engine: string, open: OpenStore): void {
  describe(`${engine} audit log repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    const ids = (rows: LogRow[]) => rows.map((row) => row.log_id);
    async function seed(count: number, fields: (n: number) => Partial<Omit<LogRow, 'seq'>> = () => ({})): Promise<void> {
      for (let n = 1; n <= count; n++) await store.logs.insert(entry(n, fields(n)));
    }

    it('answers an entry as written, with a rising seq, and undefined for an unknown id', async () => {
      const full = entry(1, {
        type: 'gd_enrollment_complete', description: 'Guardian enrollment', client_id: 'c1', client_name: 'App', user_id: 'auth0|u1',
        user_name: 'u1@example.com', ip: '10.0.0.1', user_agent: 'UA/1', details: { nested: { a: [1, 'two', null] }, flag: true },
      });
      await store.logs.insert(full);
      await store.logs.insert(entry(2));
      const [first, second] = await store.logs.all();
      expect(first).toEqual({ ...full, seq: first!.seq });
      expect(typeof first!.seq).toBe('number');
      expect(second!.seq).toBeGreaterThan(first!.seq);
      expect(await store.logs.find('log_001')).toEqual(first);
      expect(await store.logs.find('log_999')).toBeUndefined();
    });

    it('writes several entries by one call, in the order given, and none when one of them is refused', async () => {
      await store.logs.insertAll([entry(3, { type: 'seotpft' }), entry(1, { details: { a: 1 } }), entry(2, { user_id: 'auth0|u' })]);
      await store.logs.insertAll([]);
      const rows = await store.logs.all();
      expect(ids(rows)).toEqual(['log_003', 'log_001', 'log_002']);
      expect(rows.map((row) => row.seq)).toEqual([...rows.map((row) => row.seq)].sort((a, b) => a - b));
      expect(rows[1]).toEqual({ ...entry(1, { details: { a: 1 } }), seq: rows[1]!.seq });
      expect(rows[2]!.user_id).toBe('auth0|u');
      // A duplicate log_id refuses the whole call.
      await expect(store.logs.insertAll([entry(4), entry(1)])).rejects.toThrow();
      expect(ids(await store.logs.all())).toEqual(['log_003', 'log_001', 'log_002']);
    });

    it('pages newest first or oldest first, with offset, limit and an optional total', async () => {
      await seed(5);
      expect(await store.logs.page({}, 0, 2, false, false)).toEqual({ logs: [expect.objectContaining({ log_id: 'log_005' }), expect.objectContaining({ log_id: 'log_004' })] });
      const page = await store.logs.page({}, 1, 3, true, true);
      expect([ids(page.logs), page.total]).toEqual([['log_002', 'log_003', 'log_004'], 5]);
      expect(await store.logs.page({}, 5, 3, true, true)).toEqual({ logs: [], total: 5 });
    });

    it('filters by terms, OR groups, a user, a case-blind prefix and a date range', async () => {
      await seed(6, (n) => ({ type: n % 2 ? 'f' : 's', user_id: n <= 3 ? 'auth0|a' : 'auth0|b', user_name: n === 4 ? 'Alice@Example.com' : `user${n}@example.com` }));
      const match = async (q: string, userId?: string) => ids((await store.logs.page({ terms: terms(q), userId }, 0, 50, true, true)).logs);
      expect(await match('type:f')).toEqual(['log_001', 'log_003', 'log_005']);
      expect(await match('type:f', 'auth0|b')).toEqual(['log_005']);
      expect(await match('(type:f OR user_id:"auth0|b")')).toEqual(['log_001', 'log_003', 'log_004', 'log_005', 'log_006']);
      expect(await match('user_name:ALI*')).toEqual(['log_004']);
      expect(await match('user_name:user_*')).toEqual([]);
      expect(await match('user_name:user1*')).toEqual(['log_001']);
      expect(await match(`date:[${new Date(DAY + 2000).toISOString()} TO ${new Date(DAY + 4000).toISOString()}}`)).toEqual(['log_002', 'log_003']);
      expect(await match('date:[2026-01-11 TO *]')).toEqual([]);
      expect((await store.logs.page({ terms: terms('type:s'), userId: 'auth0|b' }, 0, 1, false, true)).total).toBe(2);
    });

    it('refuses a term outside the vocabulary', async () => {
      await expect(store.logs.page({ terms: terms('connection:x') }, 0, 10, true, false)).rejects.toBeInstanceOf(QuerySyntaxError);
    });

    it('reads after a seq, oldest first, filtered, up to `take`', async () => {
      await seed(6, (n) => ({ type: n === 5 ? 'f' : 's' }));
      const all = await store.logs.all();
      expect(ids(await store.logs.after({}, all[1]!.seq, 2))).toEqual(['log_003', 'log_004']);
      expect(ids(await store.logs.after({ terms: terms('type:s') }, all[3]!.seq, 10))).toEqual(['log_006']);
      expect(await store.logs.after({}, all[5]!.seq, 10)).toEqual([]);
    });

    it("lists a user's entries in order", async () => {
      await seed(4, (n) => ({ user_id: n % 2 ? 'auth0|a' : 'auth0|b' }));
      expect(ids(await store.logs.forUser('auth0|b'))).toEqual(['log_002', 'log_004']);
      expect(await store.logs.forUser('auth0|none')).toEqual([]);
    });

    it('purges the oldest entries in batches, stopping at the first kept date and at the cursor', async () => {
      await seed(8);
      const seqs = (await store.logs.all()).map((row) => row.seq);
      // Entries 1..5 are before the cut-off; a stream's cursor at entry 4 keeps 5 for it.
      expect(await store.logs.purge(DAY + 6000, seqs[3]!, 3)).toBe(3);
      expect(await store.logs.purge(DAY + 6000, seqs[3]!, 3)).toBe(1);
      expect(await store.logs.purge(DAY + 6000, seqs[3]!, 3)).toBe(0);
      expect(ids(await store.logs.all())).toEqual(['log_005', 'log_006', 'log_007', 'log_008']);
      expect(await store.logs.purge(DAY + 6000, Number.MAX_SAFE_INTEGER, 10)).toBe(1);
      expect(await store.logs.purge(DAY + 100_000, Number.MAX_SAFE_INTEGER, 10)).toBe(3);
      expect(await store.logs.all()).toEqual([]);
    });

    it("answers a type's total exactly while 50 transactions write entries and purges delete them", async () => {
      const TYPES = ['f', 's', 'gd_auth_succeed'];
      // 40 expired entries for the purges to take, while 50 transactions each write three newer ones.
      await seed(40, (n) => ({ type: TYPES[n % 3]! }));
      const cutOff = DAY + 41_000;
      const writes = Array.from({ length: 50 }, (_, i) =>
        store.transaction(async (tx) => {
          for (const [k, type] of ['f', 's', i % 2 ? 'f' : 'gd_auth_succeed'].entries()) {
            await tx.logs.insert(entry(100 + i * 3 + k, { type, date: cutOff + i }));
          }
        }),
      );
      const purges = Array.from({ length: 10 }, () => store.logs.purge(cutOff, Number.MAX_SAFE_INTEGER, 5));
      const [, purged] = await Promise.all([Promise.all(writes), Promise.all(purges)]);
      // The purges ran with the writes; whatever they left of the 40 goes now.
      const rest = await store.logs.purge(cutOff, Number.MAX_SAFE_INTEGER, 100);
      expect(purged.reduce((sum, n) => sum + n, 0) + rest).toBe(40);
      const all = await store.logs.all();
      for (const type of [...TYPES, 'never_written']) {
        const { total } = await store.logs.page({ terms: terms(`type:${type}`) }, 0, 1, false, true);
        expect([type, total]).toEqual([type, all.filter((row) => row.type === type).length]);
      }
      expect((await store.logs.page({ terms: terms('type:f') }, 0, 1, false, true)).total).toBe(50 + 25);
      expect((await store.logs.page({ terms: terms('type:gd_auth_succeed') }, 0, 1, false, true)).total).toBe(25);
    });

    it("pages one type's entries newest or oldest first, as any other filter", async () => {
      await seed(7, (n) => ({ type: n % 3 ? 's' : 'f' }));
      expect(ids((await store.logs.page({ terms: terms('type:s') }, 1, 3, false, true)).logs)).toEqual(['log_005', 'log_004', 'log_002']);
      expect(await store.logs.page({ terms: terms('type:f') }, 0, 5, true, true)).toEqual({
        logs: [expect.objectContaining({ log_id: 'log_003' }), expect.objectContaining({ log_id: 'log_006' })],
        total: 2,
      });
    });
  });
}
