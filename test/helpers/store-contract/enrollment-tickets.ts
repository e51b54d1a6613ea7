import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import type { EnrollmentSessionRow, TicketRow } from '../../../server/store/enrollment-tickets.js';
import { ALICE, type OpenStore } from './seeded-store.js';

const NOW = 1_700_000_000_000;
const ticket = (digest: string, fields: Partial<TicketRow> = {}): TicketRow => ({
  ticket_digest: digest, user_id: ALICE, factor: null, allow_multiple: false, created_at: NOW, expires_at: NOW + 1000, used_at: null, ...fields,
});
const session = (digest: string): EnrollmentSessionRow => ({
  session_digest: digest, user_id: ALICE, csrf_token: 'csrf', authenticator_id: null, recovery_code_enc: 'sealed-code', created_at: NOW, expires_at: NOW + 1000, completed_at: null,
});

/** The enrollment-ticket repository (server/store/enrollment-tickets.ts) as every engine must answer it. */
export function describeTicketRepo(engine: string, open: OpenStore): void {
  describe(`${engine} enrollment ticket repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    it('answers tickets as written, booleans as booleans, and forgets a removed one', async () => {
      await store.tickets.insert(ticket('t1'));
      await store.tickets.insert(ticket('t2', { factor: 'push-notification', allow_multiple: true }));
      expect(await store.tickets.find('t1')).toEqual(ticket('t1'));
      expect(await store.tickets.find('t2')).toEqual(ticket('t2', { factor: 'push-notification', allow_multiple: true }));
      await store.tickets.remove('t1');
      expect(await store.tickets.find('t1')).toBeUndefined();
    });

    it('spends a ticket once, to exactly one of many racing requests', async () => {
      await store.tickets.insert(ticket('t1'));
      const spent = await Promise.all(Array.from({ length: 10 }, () => store.tickets.consume('t1', NOW + 1)));
      expect(spent.filter(Boolean)).toHaveLength(1);
      expect(await store.tickets.find('t1')).toEqual(ticket('t1', { used_at: NOW + 1 }));
      expect(await store.tickets.consume('t_none', NOW)).toBe(false);
    });

    it('completes a session once and forgets the recovery code it held', async () => {
      await store.tickets.insertSession(session('s1'));
      expect(await store.tickets.findSession('s1')).toEqual(session('s1'));
      const done = await Promise.all(Array.from({ length: 5 }, () => store.tickets.completeSession('s1', NOW + 2)));
      expect(done.filter(Boolean)).toHaveLength(1);
      expect(await store.tickets.findSession('s1')).toEqual({ ...session('s1'), recovery_code_enc: null, completed_at: NOW + 2 });
      expect(await store.tickets.findSession('s_none')).toBeUndefined();
    });
  });
}
