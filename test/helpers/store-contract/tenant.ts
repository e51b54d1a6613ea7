import { describe, expect, it } from 'vitest';
import type { PublicJwk } from '../../../server/store/push.js';
import { FACTOR_NAMES } from '../../../server/store/tenant.js';
import { T0 } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

/** The tenant, signing-key and connection repositories as every engine must answer them. */
export function describeTenantRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} tenant, signing-key and connection repositories`, () => {
    const store = useFreshStore(open);

    it('answers defaults before the tenant exists', async () => {
      const { tenant } = store();
      expect(await tenant.exists()).toBe(false);
      expect(await tenant.name()).toBe('Tessera');
      expect(await tenant.policies()).toEqual([]);
      expect(await tenant.factors()).toEqual(FACTOR_NAMES.map((name) => ({ name, enabled: false })));
      expect(await tenant.pushSettings()).toEqual({ number_matching: true, lock_on_reject: false });
      expect(await tenant.guardianSettings()).toEqual({ display_remember_me_checkbox: true, remember_me_default_value: false, mfa_session_inactivity_timeout: 604_800, mfa_session_overall_timeout: 2_592_000 });
    });

    it('keeps what is set, and a partial push update leaves the other setting', async () => {
      const { tenant } = store();
      await tenant.create('Acme', T0);
      await expect(tenant.create('Again', T0)).rejects.toThrow();
      await tenant.setPolicies(['all-applications']);
      await tenant.setFactor('otp', true);
      await tenant.setFactor('sms', true);
      await tenant.setFactor('sms', false);
      await tenant.setPushSettings({ lock_on_reject: true });
      await tenant.setPushSettings({ number_matching: false });
      const guardian = { display_remember_me_checkbox: false, remember_me_default_value: true, mfa_session_inactivity_timeout: 60, mfa_session_overall_timeout: 120 };
      await tenant.setGuardianSettings(guardian);
      expect([await tenant.exists(), await tenant.name(), await tenant.policies()]).toEqual([true, 'Acme', ['all-applications']]);
      expect((await tenant.factors()).filter((f) => f.enabled).map((f) => f.name)).toEqual(['otp']);
      expect([await tenant.isFactorEnabled('otp'), await tenant.isFactorEnabled('sms')]).toEqual([true, false]);
      expect(await tenant.pushSettings()).toEqual({ number_matching: false, lock_on_reject: true });
      expect(await tenant.guardianSettings()).toEqual(guardian);
    });

    it('lists signing keys newest first with their public JWK as an object', async () => {
      const jwk = (kid: string): PublicJwk => ({ kty: 'EC', crv: 'P-256', x: `x${kid}`, y: `y${kid}`, kid });
      await store().signingKeys.insert({ kid: 'k1', private_jwk_enc: 'sealed1', public_jwk: jwk('k1'), created_at: T0 });
      await store().signingKeys.insert({ kid: 'k2', private_jwk_enc: 'sealed2', public_jwk: jwk('k2'), created_at: T0 + 1 });
      expect(await store().signingKeys.all()).toEqual([
        { kid: 'k2', private_jwk_enc: 'sealed2', public_jwk: jwk('k2'), created_at: T0 + 1 },
        { kid: 'k1', private_jwk_enc: 'sealed1', public_jwk: jwk('k1'), created_at: T0 },
      ]);
    });

    it('has the one database connection its migration made', async () => {
      const [connection, ...others] = await store().connections.all();
      expect(others).toEqual([]);
      expect(connection).toEqual({ id: expect.stringMatching(/^con_[0-9a-f]{16}$/) as string, name: 'Username-Password-Authentication', strategy: 'auth0' });
      expect(await store().connections.find(connection!.id)).toEqual(connection);
      expect(await store().connections.findByName('Username-Password-Authentication')).toEqual(connection);
      expect(await store().connections.findByName('username-password-authentication')).toBeUndefined();
    });
  });
}
