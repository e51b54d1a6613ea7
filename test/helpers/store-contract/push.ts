import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import type { PushDeviceRow, PushTransactionRow } from '../../../server/store/push.js';
import { ALICE, BOB, type OpenStore } from './seeded-store.js';

const NOW = 1_700_000_000_000;
const JWK = { kty: 'RSA', n: 'sXch', e: 'AQAB' };

const device = (linkId: string, fields: Partial<PushDeviceRow> = {}): PushDeviceRow => ({
  link_id: linkId, user_id: ALICE, identifier: 'device-1', name: 'Phone', public_jwk: JWK, push_credentials: { service: 'APNS', token: 'tok' },
  token_digest: 'digest', created_at: NOW, updated_at: NOW, ...fields,
});

const challenge = (oob: string, fields: Partial<PushTransactionRow> = {}): PushTransactionRow => ({
  oob_digest: oob, kind: 'challenge', user_id: ALICE, client_id: 'client', enrollment_tx_digest: null, link_id: null, txtkn_digest: `tx-${oob}`,
  txtkn_enc: 'sealed', challenge: 'chal', number: '42', number_choices: ['42', '17', '99'],
  context: { client_name: 'App', ip: '10.0.0.1', user_agent: null, requested_at: '2026-01-01T00:00:00.000Z' },
  status: 'pending', reason: null, created_at: NOW, expires_at: NOW + 300_000, resolved_at: null, consumed_at: null, ...fields,
});

/** The push repository (server/store/push.ts) as every engine must answer it. */
export function describePushRepo(engine: string, open: OpenStore): void {
  describe(`${engine} push repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    it("answers devices as written and a user's devices oldest first", async () => {
      await store.push.insertDevice(device('dev_b', { created_at: NOW + 1 }));
      await store.push.insertDevice(device('dev_a'));
      await store.push.insertDevice(device('dev_c', { user_id: BOB }));
      expect(await store.push.device('dev_a')).toEqual(device('dev_a'));
      expect(await store.push.device('dev_none')).toBeUndefined();
      expect((await store.push.devicesForUser(ALICE)).map((row) => row.link_id)).toEqual(['dev_a', 'dev_b']);
    });

    it('updates only the device fields given', async () => {
      await store.push.insertDevice(device('dev_a'));
      await store.push.updateDevice('dev_a', { name: 'Tablet' }, NOW + 1);
      expect(await store.push.device('dev_a')).toEqual(device('dev_a', { name: 'Tablet', updated_at: NOW + 1 }));
      await store.push.updateDevice('dev_a', { identifier: 'device-2', push_credentials: { service: 'GCM', token: 'new' } }, NOW + 2);
      expect(await store.push.device('dev_a')).toEqual(device('dev_a', { name: 'Tablet', identifier: 'device-2', push_credentials: { service: 'GCM', token: 'new' }, updated_at: NOW + 2 }));
    });

    it('answers transactions by each of their digests, an enrollment with no context', async () => {
      const enrollment = challenge('oob_e', { kind: 'enrollment', enrollment_tx_digest: 'etx', txtkn_digest: null, txtkn_enc: null, number: null, number_choices: null, context: null, challenge: null });
      await store.push.insertTransaction(enrollment);
      await store.push.insertTransaction(challenge('oob_c'));
      expect(await store.push.byOob('oob_e')).toEqual(enrollment);
      expect(await store.push.byEnrollmentTx('etx')).toEqual(enrollment);
      expect(await store.push.byTxtkn('tx-oob_c')).toEqual(challenge('oob_c'));
      expect(await store.push.byOob('oob_none')).toBeUndefined();
      expect(await store.push.byTxtkn('none')).toBeUndefined();
    });

    it("lists a device's pending, unexpired challenges oldest first", async () => {
      await store.push.insertTransaction(challenge('oob_2', { created_at: NOW + 2 }));
      await store.push.insertTransaction(challenge('oob_1', { created_at: NOW + 1, link_id: 'dev_a' }));
      await store.push.insertTransaction(challenge('oob_other_device', { link_id: 'dev_b' }));
      await store.push.insertTransaction(challenge('oob_expired', { expires_at: NOW + 10 }));
      await store.push.insertTransaction(challenge('oob_done', { status: 'accepted' }));
      await store.push.insertTransaction(challenge('oob_bob', { user_id: BOB }));
      expect((await store.push.pendingFor(ALICE, 'dev_a', NOW + 10)).map((row) => row.oob_digest)).toEqual(['oob_1', 'oob_2']);
    });

    it('settles a transaction once, to exactly one of racing answers, and hands its result out once', async () => {
      await store.push.insertTransaction(challenge('oob_1'));
      const settled = await Promise.all(Array.from({ length: 8 }, (_, n) => store.push.resolve('oob_1', n % 2 ? 'accepted' : 'rejected', null, 'dev_a', NOW + 5)));
      expect(settled.filter(Boolean)).toHaveLength(1);
      const status = settled.indexOf(true) % 2 ? 'accepted' : 'rejected';
      expect(await store.push.byOob('oob_1')).toEqual(challenge('oob_1', { status, link_id: 'dev_a', resolved_at: NOW + 5 }));
      const consumed = await Promise.all(Array.from({ length: 5 }, () => store.push.consume('oob_1', NOW + 6)));
      expect(consumed.filter(Boolean)).toHaveLength(1);
      expect((await store.push.byOob('oob_1'))?.consumed_at).toBe(NOW + 6);
    });

    it('keeps the device a transaction was bound to when the answer names none', async () => {
      await store.push.insertTransaction(challenge('oob_1', { link_id: 'dev_a' }));
      expect(await store.push.resolve('oob_1', 'rejected', 'not_me', null, NOW + 1)).toBe(true);
      expect(await store.push.byOob('oob_1')).toMatchObject({ status: 'rejected', reason: 'not_me', link_id: 'dev_a' });
    });

    it("counts a user's expired, unanswered challenges once each", async () => {
      await store.push.insertTransaction(challenge('oob_1', { expires_at: NOW + 10 }));
      await store.push.insertTransaction(challenge('oob_2', { expires_at: NOW + 20 }));
      await store.push.insertTransaction(challenge('oob_live', { expires_at: NOW + 100 }));
      await store.push.insertTransaction(challenge('oob_bob', { user_id: BOB, expires_at: NOW + 10 }));
      expect(await store.push.claimExpired(ALICE, NOW + 20)).toBe(2);
      expect(await store.push.claimExpired(ALICE, NOW + 20)).toBe(0);
      expect(await store.push.byOob('oob_1')).toEqual(challenge('oob_1', { expires_at: NOW + 10, reason: 'expired', resolved_at: NOW + 20 }));
      expect((await store.push.byOob('oob_live'))?.reason).toBeNull();
    });
  });
}
