import { describe, expect, it } from 'vitest';
import { EmailTakenError } from '../../../server/store/users.js';
import { authenticatorRow, userRow } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

/** The bulk import's repository (server/store/user-import.ts) as every engine must answer it. */
export function describeUserImportRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} user-import repository`, () => {
    const store = useFreshStore(open);

    it('inserts users and authenticators the other repositories then read', async () => {
      const { userImport } = store();
      const row = userRow('imp', { email: 'Imp@Example.com', email_verified: true, user_metadata: { from: 'csv' } });
      await userImport.insertUser(row);
      await userImport.insertAuthenticator(authenticatorRow('a', row.user_id, { active: true }));
      await userImport.insertAuthenticator(authenticatorRow('b', row.user_id, { kind: 'email', id: 'email|dev_b', email: 'imp@example.com' }));
      expect(await userImport.find(row.user_id)).toEqual(row);
      expect(await userImport.findByEmail('imp@example.COM')).toEqual(row);
      expect(await store().users.find(row.user_id)).toEqual(row);
      expect(await userImport.hasActive(row.user_id, 'totp')).toBe(true);
      expect(await userImport.hasActive(row.user_id, 'email')).toBe(false);
      expect((await store().authenticators.find('email|dev_b'))?.email).toBe('imp@example.com');
      await expect(userImport.insertUser(userRow('dup', { email: 'IMP@example.com' }))).rejects.toThrow();
    });

    it('inserts a batch in one call and finds many users by email (case-insensitively) and id', async () => {
      const { userImport } = store();
      const rows = [userRow('b1', { email: 'One@Example.com', app_metadata: { plan: 'gold' } }), userRow('b2', { email: 'two@example.com', blocked: true })];
      await userImport.insertUsers(rows);
      await userImport.insertAuthenticators([authenticatorRow('t1', 'auth0|b1', { active: true }), authenticatorRow('t2', 'auth0|b2')]);
      await userImport.insertUsers([]);
      await userImport.insertAuthenticators([]);
      expect(await userImport.find('auth0|b1')).toEqual(rows[0]);
      expect(await userImport.find('auth0|b2')).toEqual(rows[1]);
      expect([await userImport.hasActive('auth0|b1', 'totp'), await userImport.hasActive('auth0|b2', 'totp')]).toEqual([true, false]);
      const found = await userImport.findMany(['one@EXAMPLE.com', 'two@example.com', 'nobody@example.com'], ['auth0|b2', 'missing']);
      expect(found.byEmail).toEqual(new Map([['one@EXAMPLE.com', rows[0]], ['two@example.com', rows[1]]]));
      expect(found.byId).toEqual(new Map([['auth0|b2', rows[1]]]));
      expect(await userImport.findMany([], [])).toEqual({ byEmail: new Map(), byId: new Map() });
    });

    it('inserts a batch whole or not at all: a taken email refuses every row of it as EmailTakenError', async () => {
      const { userImport } = store();
      await userImport.insertUser(userRow('held', { email: 'held@example.com' }));
      const attempt = userImport.insertUsers([userRow('n1', { email: 'new@example.com' }), userRow('n2', { email: 'HELD@example.com' })]);
      await expect(attempt).rejects.toBeInstanceOf(EmailTakenError);
      expect(await userImport.find('auth0|n1')).toBeUndefined();
    });
  });
}
