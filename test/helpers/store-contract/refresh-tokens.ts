import { describe, expect, it } from 'vitest';
import type { RefreshTokenRow } from '../../../server/store/refresh-tokens.js';
import { clientRow, T0, userRow } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

const token = (digest: string, fields: Partial<RefreshTokenRow> = {}): RefreshTokenRow => ({
  token_digest: digest, family_id: 'fam1', user_id: 'auth0|ann', client_id: 'app', audience: 'https://api', scope: 'openid offline_access',
  created_at: T0, expires_at: T0 + 1000, used_at: null, revoked_at: null, ...fields,
});

/** The refresh-token and MFA-transaction repositories as every engine must answer them. */
export function describeRefreshTokenRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} refresh-token and mfa-transaction repositories`, () => {
    const store = useFreshStore(open);
    const seed = async () => {
      await store().users.insert(userRow('ann'));
      await store().users.insert(userRow('bob'));
      await store().clients.insert(clientRow('app'));
    };

    it('consumes a token once; a revoked one never; revocation counts what it revoked', async () => {
      await seed();
      const { refreshTokens } = store();
      for (const row of [token('t1'), token('t2'), token('t3', { family_id: 'fam2' }), token('t4', { family_id: 'fam3', user_id: 'auth0|bob' })]) await refreshTokens.insert(row);
      expect(await refreshTokens.consume('t1', T0 + 1)).toBe(true);
      expect(await refreshTokens.consume('t1', T0 + 2)).toBe(false);
      expect(await refreshTokens.revokeFamily('fam1', T0 + 3)).toBe(2);
      expect(await refreshTokens.revokeFamily('fam1', T0 + 4)).toBe(0);
      expect(await refreshTokens.consume('t2', T0 + 5)).toBe(false);
      expect(await refreshTokens.revokeForUser('auth0|ann', T0 + 6)).toBe(1);
      expect(await refreshTokens.find('t1')).toEqual(token('t1', { used_at: T0 + 1, revoked_at: T0 + 3 }));
      expect(await refreshTokens.find('t3')).toEqual(token('t3', { family_id: 'fam2', revoked_at: T0 + 6 }));
      expect(await refreshTokens.find('t4')).toEqual(token('t4', { family_id: 'fam3', user_id: 'auth0|bob' }));
      expect(await refreshTokens.find('nope')).toBeUndefined();
    });

    it('of 10 parallel uses of one token exactly one consumes it', async () => {
      await seed();
      await store().refreshTokens.insert(token('t1'));
      const used = await Promise.all(Array.from({ length: 10 }, () => store().refreshTokens.consume('t1', T0 + 1)));
      expect(used.filter(Boolean)).toHaveLength(1);
    });

    it('keeps MFA transactions until purged after they expired', async () => {
      await seed();
      const { mfaTransactions } = store();
      const row = (digest: string, expires_at: number) => ({ token_digest: digest, user_id: 'auth0|ann', client_id: 'app', audience: 'https://api', scope: 'openid', created_at: T0, expires_at });
      await mfaTransactions.insert(row('m1', T0 + 10));
      await mfaTransactions.insert(row('m2', T0 + 20));
      expect(await mfaTransactions.find('m1')).toEqual(row('m1', T0 + 10));
      expect(await mfaTransactions.purgeBefore(T0 + 10)).toBe(0);
      expect(await mfaTransactions.purgeBefore(T0 + 11)).toBe(1);
      expect(await mfaTransactions.find('m1')).toBeUndefined();
      expect(await mfaTransactions.find('m2')).toEqual(row('m2', T0 + 20));
    });
  });
}
