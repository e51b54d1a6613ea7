import { describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_CONFIG } from '../../../server/store/guardian-phone.js';
import type { OobCodeRow } from '../../../server/store/oob-codes.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

const NOW = 1_800_000_000_000;
const row = (digest: string, fields: Partial<OobCodeRow> = {}): OobCodeRow => ({
  oob_digest: digest, purpose: 'challenge', user_id: 'auth0|u1', client_id: 'client-1', authenticator_id: 'sms|dev_AAAAAAAAAAAAAAAA',
  channel: 'sms', code_digest: `code-${digest}`, created_at: NOW, expires_at: NOW + 300_000, consumed_at: null, ...fields,
});

/** The out-of-band code and phone-configuration repositories (server/store/oob-codes.ts, guardian-phone.ts) as every engine must answer them. */
export function describeOobCodeRepos(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} oob-code repository`, () => {
    const store = useFreshStore(open);

    it('stores a transaction and reads it back whole by its digest', async () => {
      const { oobCodes } = store();
      await oobCodes.insert(row('d1', { purpose: 'enrollment', channel: 'voice' }));
      expect(await oobCodes.byOob('d1')).toEqual(row('d1', { purpose: 'enrollment', channel: 'voice' }));
      expect(await oobCodes.byOob('nope')).toBeUndefined();
    });

    it('is spent once, never after it expires, and 50 racing spends make one', async () => {
      const { oobCodes } = store();
      await oobCodes.insert(row('d1'));
      await oobCodes.insert(row('d2'));
      expect(await oobCodes.consume('d2', NOW + 300_000)).toBe(false);
      const spends = await Promise.all(Array.from({ length: 50 }, () => oobCodes.consume('d1', NOW + 1000)));
      expect(spends.filter(Boolean)).toHaveLength(1);
      expect((await oobCodes.byOob('d1'))?.consumed_at).toBe(NOW + 1000);
      expect(await oobCodes.consume('missing', NOW)).toBe(false);
    });

    it('removes one transaction, and purges those expired before a cutoff', async () => {
      const { oobCodes } = store();
      await oobCodes.insert(row('d1'));
      await oobCodes.insert(row('d2', { expires_at: NOW + 10 }));
      await oobCodes.insert(row('d3', { expires_at: NOW + 900_000 }));
      await oobCodes.remove('d1');
      expect(await oobCodes.byOob('d1')).toBeUndefined();
      expect(await oobCodes.purgeBefore(NOW + 400_000)).toBe(1);
      expect(await oobCodes.byOob('d3')).toBeDefined();
    });
  });

  describe(`${engine} guardian phone repository`, () => {
    const store = useFreshStore(open);

    it('answers the defaults until a config is put, then that config, replaced whole by the next', async () => {
      const { guardianPhone } = store();
      expect(await guardianPhone.get()).toEqual(DEFAULT_PHONE_CONFIG);
      const config = {
        message_types: ['sms', 'voice'] as ('sms' | 'voice')[], provider: 'custom' as const,
        templates: { enrollment_message: 'E {{code}}', verification_message: 'V {{code}}' },
        twilio: { sid: 'AC1', auth_token_enc: 'sealed', from: '+15550001111', messaging_service_sid: null },
        custom: { url: 'https://hooks.example/sms', secret_enc: 'sealed-2' },
      };
      await guardianPhone.put(config);
      expect(await guardianPhone.get()).toEqual(config);
      await guardianPhone.put({ ...DEFAULT_PHONE_CONFIG, message_types: ['voice'] });
      expect(await guardianPhone.get()).toEqual({ ...DEFAULT_PHONE_CONFIG, message_types: ['voice'] });
    });
  });
}
