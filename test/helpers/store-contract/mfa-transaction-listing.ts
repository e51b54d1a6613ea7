import { describe, expect, it } from 'vitest';
import type { MfaTransactionRow } from '../../../server/store/mfa-transactions.js';
import { authenticatorRow, clientRow, T0, userRow } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

const transaction = (digest: string, userId: string): MfaTransactionRow => ({
  token_digest: digest, user_id: userId, client_id: 'app', audience: 'https://api', scope: 'openid', created_at: T0, expires_at: T0 + 600_000,
});

/** `mfaTransactions.findListing`: what `find`, `authenticators.forUser`, `users.find` and the factor switch answer, in one read. */
export function describeMfaTransactionListing(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} mfa-transaction listing`, () => {
    const store = useFreshStore(open);
    const seed = async () => {
      const s = store();
      await s.users.insert(userRow('ann', { email_verified: true }));
      await s.users.insert(userRow('bob'));
      await s.clients.insert(clientRow('app'));
      await s.mfaTransactions.insert(transaction('m-ann', 'auth0|ann'));
      await s.mfaTransactions.insert(transaction('m-bob', 'auth0|bob'));
    };

    it('a user without authenticators: the transaction, no rows, the address; no factor row reads off', async () => {
      await seed();
      expect(await store().mfaTransactions.findListing('m-ann', 'email')).toEqual({
        transaction: transaction('m-ann', 'auth0|ann'),
        authenticators: [],
        user: { email: 'ann@example.com', email_verified: true },
        factorEnabled: false,
      });
      expect(await store().mfaTransactions.findListing('m-bob', 'email')).toMatchObject({ user: { email: 'bob@example.com', email_verified: false } });
      expect(await store().mfaTransactions.findListing('nope', 'email')).toBeUndefined();
    });

    it('reads the named factor\'s switch as it is now', async () => {
      await seed();
      await store().tenant.setFactor('email', true);
      expect((await store().mfaTransactions.findListing('m-ann', 'email'))?.factorEnabled).toBe(true);
      expect((await store().mfaTransactions.findListing('m-ann', 'sms'))?.factorEnabled).toBe(false);
      await store().tenant.setFactor('email', false);
      expect((await store().mfaTransactions.findListing('m-ann', 'email'))?.factorEnabled).toBe(false);
    });

    it('lists exactly what forUser lists, in its order (ties on created_at by id, byte order), and no one else\'s', async () => {
      await seed();
      const s = store();
      // Upper case sorts before lower case in byte order, unlike most locales' collations.
      await s.authenticators.insert(authenticatorRow('b', 'auth0|ann', { active: true, last_used_step: 7, confirmed_at: T0 + 1 }));
      await s.authenticators.insert(authenticatorRow('B', 'auth0|ann', { kind: 'email', id: 'email|dev_B', email: 'a@x.example', name: 'a@x.example' }));
      await s.authenticators.insert(authenticatorRow('a', 'auth0|ann', { created_at: T0 + 5, kind: 'sms', id: 'sms|dev_a', phone_number: '+15550100' }));
      await s.authenticators.insert(authenticatorRow('z', 'auth0|bob'));
      const listing = await s.mfaTransactions.findListing('m-ann', 'email');
      const expected = await s.authenticators.forUser('auth0|ann');
      expect(expected.map((row) => row.id)).toEqual(['email|dev_B', 'totp|dev_b', 'sms|dev_a']);
      expect(listing?.authenticators).toEqual(expected);
      expect((await s.mfaTransactions.findListing('m-bob', 'email'))?.authenticators).toEqual(await s.authenticators.forUser('auth0|bob'));
    });
  });
}
