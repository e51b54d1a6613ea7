import { describe, expect, it } from 'vitest';
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
  });
}
