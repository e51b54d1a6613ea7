import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import type { OutboxMessage } from '../../../server/store/outbox.js';
import type { OpenStore } from './seeded-store.js';

const NOW = 1_700_000_000_000;

const message = (n: number, fields: Partial<Omit<OutboxMessage, 'seq'>> = {}): Omit<OutboxMessage, 'seq'> => ({
  id: `msg_${n}`, channel: 'sms', recipient: '+14155550123', messageEnc: `sealed-${n}`, createdAt: NOW + n, ...fields,
});
const ids = (rows: OutboxMessage[]) => rows.map((row) => row.id);

/** The developer outbox's repository (server/store/outbox.ts) as every engine must answer it. */
export function describeOutboxRepo(engine: string, open: OpenStore): void {
  describe(`${engine} outbox repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    it('answers a message as written, with a seq that rises, and nothing for an unknown id', async () => {
      await store.outbox.insert(message(1, { channel: 'email', recipient: 'ada@example.com' }));
      await store.outbox.insert(message(2, { channel: 'voice' }));
      const [first, second] = await Promise.all([store.outbox.find('msg_1'), store.outbox.find('msg_2')]);
      expect(first).toEqual({ ...message(1, { channel: 'email', recipient: 'ada@example.com' }), seq: expect.any(Number) });
      expect(second).toEqual({ ...message(2, { channel: 'voice' }), seq: expect.any(Number) });
      expect(second!.seq).toBeGreaterThan(first!.seq);
      expect(await store.outbox.find('msg_none')).toBeUndefined();
    });

    it('lists the newest first, and follows from a seq oldest first', async () => {
      for (const n of [1, 2, 3, 4]) await store.outbox.insert(message(n));
      expect(ids(await store.outbox.newest(3))).toEqual(['msg_4', 'msg_3', 'msg_2']);
      const first = (await store.outbox.find('msg_1'))!;
      expect(ids(await store.outbox.after(first.seq, 2))).toEqual(['msg_2', 'msg_3']);
      const last = (await store.outbox.find('msg_4'))!;
      expect(await store.outbox.after(last.seq, 10)).toEqual([]);
      expect(ids(await store.outbox.after(0, 10))).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4']);
    });

    it('purges what is older than the cut-off and all but the newest few', async () => {
      for (const n of [1, 2, 3, 4, 5, 6]) await store.outbox.insert(message(n));
      expect(await store.outbox.purge(NOW + 2, 10)).toBe(1);
      expect(ids(await store.outbox.newest(10))).toEqual(['msg_6', 'msg_5', 'msg_4', 'msg_3', 'msg_2']);
      expect(await store.outbox.purge(NOW, 3)).toBe(2);
      expect(ids(await store.outbox.newest(10))).toEqual(['msg_6', 'msg_5', 'msg_4']);
      expect(await store.outbox.purge(NOW, 3)).toBe(0);
    });

    it('purges nothing from an empty outbox', async () => {
      expect(await store.outbox.purge(NOW, 3)).toBe(0);
    });

    it('refuses a second message with the same id', async () => {
      await store.outbox.insert(message(1));
      await expect(store.outbox.insert(message(1))).rejects.toThrow();
      expect(ids(await store.outbox.newest(10))).toEqual(['msg_1']);
    });
  });
}
