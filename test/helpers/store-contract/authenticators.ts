import { describe, expect, it } from 'vitest';
import { authenticatorRow, T0, userRow } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

/** The authenticator repository (server/store/authenticators.ts) as every engine must answer it. */
export function describeAuthenticatorRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} authenticator repository`, () => {
    const store = useFreshStore(open);
    const USER = 'auth0|ann';

    it('gives back what was inserted (contact details defaulting to null), in creation order with ties on id', async () => {
      const { users, authenticators } = store();
      await users.insert(userRow('ann'));
      const sms = authenticatorRow('b', USER, { id: 'sms|dev_b', kind: 'sms', phone_number: '+15555550100', preferred_method: 'sms', active: true, last_used_step: 12 });
      const totp = authenticatorRow('a', USER, { created_at: T0 });
      const later = authenticatorRow('c', USER, { created_at: T0 - 1 });
      for (const row of [sms, totp, later]) await authenticators.insert(row);
      const full = { phone_number: null, email: null, preferred_method: null };
      expect(await authenticators.forUser(USER)).toEqual([{ ...full, ...later }, { ...full, ...sms }, { ...full, ...totp }]);
      expect(await authenticators.find('totp|dev_a')).toEqual({ ...full, ...totp });
      expect(await authenticators.findByLink('dev_b')).toEqual({ ...full, ...sms });
      expect(await authenticators.find('nope')).toBeUndefined();
    });

    it('names, in one read, which of many users have an active factor other than a recovery code', async () => {
      const { users, authenticators } = store();
      for (const name of ['ann', 'bob', 'cy', 'di', 'ed']) await users.insert(userRow(name));
      await authenticators.insert(authenticatorRow('a', 'auth0|ann', { active: true }));
      await authenticators.insert(authenticatorRow('b', 'auth0|bob', { active: false }));
      await authenticators.insert(authenticatorRow('c', 'auth0|cy', { id: 'recovery-code|dev_c', kind: 'recovery-code', active: true }));
      await authenticators.insert(authenticatorRow('d', 'auth0|di', { id: 'sms|dev_d', kind: 'sms', active: true }));
      await authenticators.insert(authenticatorRow('e', 'auth0|di', { active: true }));
      await authenticators.insert(authenticatorRow('f', 'auth0|ed', { active: true }));
      const asked = ['auth0|ann', 'auth0|bob', 'auth0|cy', 'auth0|di', 'auth0|nobody'];
      expect([...(await authenticators.withActiveFactor(asked))].sort()).toEqual(['auth0|ann', 'auth0|di']);
      expect(await authenticators.withActiveFactor([])).toEqual(new Set());
      // Ids are bound as data, never as SQL.
      expect(await authenticators.withActiveFactor(["auth0|ann' OR '1'='1", '%'])).toEqual(new Set());
    });

    it('activates once, renames, and refuses a replayed TOTP step or a spent recovery code', async () => {
      const { users, authenticators } = store();
      await users.insert(userRow('ann'));
      await authenticators.insert(authenticatorRow('a', USER, { code_digest: 'd1' }));
      expect(await authenticators.activate('totp|dev_a', T0 + 1)).toBe(true);
      expect(await authenticators.activate('totp|dev_a', T0 + 2)).toBe(false);
      await authenticators.update('totp|dev_a', { name: 'Phone', preferred_method: 'otp' });
      expect(await authenticators.consumeStep('totp|dev_a', 100, T0 + 3)).toBe(true);
      expect(await authenticators.consumeStep('totp|dev_a', 100, T0 + 4)).toBe(false);
      expect(await authenticators.consumeStep('totp|dev_a', 99, T0 + 4)).toBe(false);
      expect(await authenticators.replaceCode('totp|dev_a', 'd1', 'd2', T0 + 5)).toBe(true);
      expect(await authenticators.replaceCode('totp|dev_a', 'd1', 'd3', T0 + 6)).toBe(false);
      expect(await authenticators.find('totp|dev_a')).toMatchObject({ active: true, confirmed_at: T0 + 1, name: 'Phone', preferred_method: 'otp', last_used_step: 100, code_digest: 'd2', last_auth_at: T0 + 5 });
    });

    it('records a code or push login on the row alone, leaving its step and code, and answers false for no row', async () => {
      const { users, authenticators } = store();
      await users.insert(userRow('ann'));
      const sms = authenticatorRow('b', USER, { id: 'sms|dev_b', kind: 'sms', active: true, last_used_step: 12, code_digest: 'd1' });
      const voice = authenticatorRow('b', USER, { id: 'voice|dev_b', kind: 'voice', active: true });
      for (const row of [sms, voice]) await authenticators.insert(row);
      expect(await authenticators.recordAuth('sms|dev_b', T0 + 7)).toBe(true);
      expect(await authenticators.recordAuth('sms|dev_b', T0 + 9)).toBe(true);
      expect(await authenticators.recordAuth('email|dev_none', T0 + 9)).toBe(false);
      const full = { phone_number: null, email: null, preferred_method: null };
      expect(await authenticators.forUser(USER)).toEqual([{ ...full, ...sms, last_auth_at: T0 + 9 }, { ...full, ...voice }]);
    });

    it('a recorded login commits or rolls back with the transaction that spends the code', async () => {
      const { users, authenticators } = store();
      await users.insert(userRow('ann'));
      await authenticators.insert(authenticatorRow('b', USER, { id: 'email|dev_b', kind: 'email', active: true }));
      await expect(
        store().transaction(async (tx) => {
          expect(await tx.authenticators.recordAuth('email|dev_b', T0 + 3)).toBe(true);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect((await authenticators.find('email|dev_b'))?.last_auth_at).toBeNull();
      await store().transaction(async (tx) => tx.authenticators.recordAuth('email|dev_b', T0 + 4));
      expect((await authenticators.find('email|dev_b'))?.last_auth_at).toBe(T0 + 4);
    });

    it('of 10 parallel uses of one TOTP step exactly one is accepted', async () => {
      const { users, authenticators } = store();
      await users.insert(userRow('ann'));
      await authenticators.insert(authenticatorRow('a', USER, { active: true }));
      const used = await Promise.all(Array.from({ length: 10 }, () => authenticators.consumeStep('totp|dev_a', 7, T0)));
      expect(used.filter(Boolean)).toHaveLength(1);
    });

    it('removes linked, inactive and all of a user\'s authenticators, counting them', async () => {
      const { users, authenticators } = store();
      await users.insert(userRow('ann'));
      await users.insert(userRow('bob'));
      await authenticators.insert(authenticatorRow('p', USER, { id: 'push|dev_p', kind: 'push', active: true }));
      await authenticators.insert(authenticatorRow('p', USER));
      await authenticators.insert(authenticatorRow('q', USER));
      await authenticators.insert(authenticatorRow('r', 'auth0|bob'));
      expect(await authenticators.removeLinked('dev_p', 'auth0|bob')).toBe(0);
      expect(await authenticators.removeLinked('dev_p', USER)).toBe(2);
      expect(await authenticators.removeInactive(USER, 'totp')).toBe(1);
      expect(await authenticators.removeAllForUser('auth0|bob')).toBe(1);
      expect(await authenticators.forUser(USER)).toEqual([]);
      expect(await store().userImport.hasActive(USER, 'totp')).toBe(false);
    });
  });
}
