import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import type { LogStream } from '../../../server/store/log-streams.js';
import type { OpenStore } from './seeded-store.js';

const NOW = 1_700_000_000_000;
const SUSPEND_AFTER = 60_000;

const stream = (id: string, fields: Partial<Omit<LogStream, 'lastError'>> = {}): Omit<LogStream, 'lastError'> => ({
  id, name: `Stream ${id}`, type: 'http', status: 'active',
  sink: { httpEndpoint: 'https://logs.example.com/in', httpContentType: 'application/json', httpContentFormat: 'JSONLINES', httpCustomHeaders: [{ header: 'X-A', value: '1' }] },
  filters: [], authorizationEnc: null, cursorSeq: 0, failingSince: null, createdAt: NOW, ...fields,
});

/** The log-stream repository (server/store/log-streams.ts) as every engine must answer it. */
export function describeLogStreamRepo(engine: string, open: OpenStore): void {
  describe(`${engine} log stream repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    it('answers streams as written, oldest first, and counts them', async () => {
      await store.logStreams.insert(stream('ls_b', { createdAt: NOW + 1, filters: [{ type: 'category', name: 'auth.login.fail' }], authorizationEnc: 'sealed', cursorSeq: 7 }));
      await store.logStreams.insert(stream('ls_a'));
      expect(await store.logStreams.find('ls_b')).toEqual({ ...stream('ls_b', { createdAt: NOW + 1, filters: [{ type: 'category', name: 'auth.login.fail' }], authorizationEnc: 'sealed', cursorSeq: 7 }), lastError: null });
      expect((await store.logStreams.all()).map((row) => row.id)).toEqual(['ls_a', 'ls_b']);
      expect(await store.logStreams.count()).toBe(2);
      expect(await store.logStreams.find('ls_none')).toBeUndefined();
    });

    it('updates everything but the cursor, and removes a stream once', async () => {
      await store.logStreams.insert(stream('ls_a', { cursorSeq: 3 }));
      const changed = { id: 'ls_a', name: 'Renamed', status: 'paused' as const, sink: { ...stream('x').sink, httpContentFormat: 'JSONARRAY' as const }, filters: [{ type: 'category' as const, name: 'other' as const }], authorizationEnc: 'sealed', failingSince: NOW };
      await store.logStreams.update(changed);
      expect(await store.logStreams.find('ls_a')).toEqual({ ...stream('ls_a', changed), cursorSeq: 3, lastError: null });
      expect(await store.logStreams.remove('ls_a')).toBe(true);
      expect(await store.logStreams.remove('ls_a')).toBe(false);
    });

    it('starts a new stream after the newest audit entry', async () => {
      expect(await store.logStreams.lastLogSeq()).toBe(0);
      for (const id of ['log_1', 'log_2']) {
        await store.logs.insert({ log_id: id, type: 's', date: NOW, description: null, client_id: null, client_name: null, user_id: null, user_name: null, ip: null, user_agent: null, details: {} });
      }
      const seqs = (await store.logs.all()).map((row) => row.seq);
      expect(await store.logStreams.lastLogSeq()).toBe(seqs[1]);
    });

    it('moves the cursor only from where it was, clearing the failure run', async () => {
      await store.logStreams.insert(stream('ls_a', { cursorSeq: 5 }));
      await store.logStreams.recordFailure('ls_a', NOW, SUSPEND_AFTER, 'HTTP 500');
      const moved = await Promise.all([store.logStreams.advance('ls_a', 5, 9), store.logStreams.advance('ls_a', 5, 8)]);
      expect(moved.filter(Boolean)).toHaveLength(1);
      expect(await store.logStreams.find('ls_a')).toEqual({ ...stream('ls_a', { cursorSeq: moved[0] ? 9 : 8 }), lastError: null });
      expect(await store.logStreams.advance('ls_none', 0, 1)).toBe(false);
    });

    it('records failures of an active stream and suspends it once the run is old enough', async () => {
      await store.logStreams.insert(stream('ls_a'));
      expect(await store.logStreams.recordFailure('ls_a', NOW, SUSPEND_AFTER, 'first')).toBe('active');
      expect(await store.logStreams.recordFailure('ls_a', NOW + SUSPEND_AFTER - 1, SUSPEND_AFTER, 'second')).toBe('active');
      expect(await store.logStreams.find('ls_a')).toMatchObject({ failingSince: NOW, lastError: { at: NOW + SUSPEND_AFTER - 1, message: 'second' } });
      expect(await store.logStreams.recordFailure('ls_a', NOW + SUSPEND_AFTER, SUSPEND_AFTER, 'third')).toBe('suspended');
      expect(await store.logStreams.find('ls_a')).toMatchObject({ status: 'suspended', failingSince: NOW, lastError: { at: NOW + SUSPEND_AFTER, message: 'third' } });
    });

    it("leaves a paused stream's record alone and answers undefined for an unknown one", async () => {
      await store.logStreams.insert(stream('ls_p', { status: 'paused' }));
      expect(await store.logStreams.recordFailure('ls_p', NOW, 0, 'boom')).toBe('paused');
      expect(await store.logStreams.find('ls_p')).toEqual({ ...stream('ls_p', { status: 'paused' }), lastError: null });
      expect(await store.logStreams.recordFailure('ls_none', NOW, 0, 'boom')).toBeUndefined();
    });
  });
}
