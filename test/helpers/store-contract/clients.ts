import { describe, expect, it } from 'vitest';
import type { ResourceServer } from '../../../server/store/resource-servers.js';
import { clientRow, T0 } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

const api = (id: string, identifier: string): Omit<ResourceServer, 'is_system'> => ({
  id, name: `API ${id}`, identifier, scopes: [{ value: 'read:x', description: 'Read x' }], signing_alg: 'RS256',
  allow_offline_access: false, skip_consent_for_verifiable_first_party_clients: true, token_lifetime: 86_400, token_lifetime_for_web: 7200,
});

/** The client, grant and resource-server repositories as every engine must answer them. */
export function describeClientRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} client and resource-server repositories`, () => {
    const store = useFreshStore(open);

    it('gives back clients as inserted, pages them in creation order with ties on client_id, updates given fields', async () => {
      const { clients } = store();
      const b = clientRow('b', { is_bootstrap: true, grant_types: ['password', 'refresh_token'], callbacks: ['https://x/cb'], description: 'B' });
      for (const row of [b, clientRow('a'), clientRow('Z'), clientRow('c', { created_at: T0 - 1 })]) await clients.insert(row);
      expect(await clients.find('b')).toEqual(b);
      const page = await clients.page(1, 2);
      expect([page.clients.map((c) => c.client_id), page.total]).toEqual([['Z', 'a'], 4]);
      await clients.update('b', { name: 'Renamed', grant_types: ['client_credentials'], description: null, updated_at: T0 + 1 });
      await clients.update('b', {});
      expect(await clients.find('b')).toEqual({ ...b, name: 'Renamed', grant_types: ['client_credentials'], description: null, updated_at: T0 + 1 });
      expect(await clients.remove('b')).toBe(true);
      expect(await clients.remove('b')).toBe(false);
      expect(await clients.find('b')).toBeUndefined();
    });

    it('keeps grants per client and audience, ordered, and drops them with their client', async () => {
      const { clients } = store();
      await clients.insert(clientRow('b'));
      await clients.insert(clientRow('a'));
      expect(await clients.insertGrant({ id: 'g1', client_id: 'b', audience: 'https://y', scope: ['read:x'] })).toBe(true);
      await clients.insertGrant({ id: 'g2', client_id: 'b', audience: 'https://X', scope: [] });
      await clients.insertGrant({ id: 'g3', client_id: 'a', audience: 'https://y', scope: ['a', 'b'] });
      expect(await clients.insertGrant({ id: 'g4', client_id: 'a', audience: 'https://y', scope: [] })).toBe(false);
      expect(await clients.findGrant('g4')).toBeUndefined();
      expect((await clients.grants()).map((g) => g.id)).toEqual(['g3', 'g2', 'g1']);
      await clients.updateGrantScope('g1', ['write:x']);
      expect(await clients.grant('b', 'https://y')).toEqual({ id: 'g1', client_id: 'b', audience: 'https://y', scope: ['write:x'] });
      expect(await clients.findGrant('g3')).toEqual({ id: 'g3', client_id: 'a', audience: 'https://y', scope: ['a', 'b'] });
      expect(await clients.removeGrant('g3')).toBe(true);
      expect(await clients.removeGrant('g3')).toBe(false);
      await clients.remove('b');
      expect(await clients.grants()).toEqual([]);
    });

    it('registers APIs once per identifier, updates and removes them with their grants', async () => {
      const { resourceServers, clients } = store();
      expect(await resourceServers.insert(api('rs_b', 'https://b'), T0)).toBe(true);
      expect(await resourceServers.insert(api('rs_a', 'https://a'), T0)).toBe(true);
      expect(await resourceServers.insert(api('rs_c', 'https://b'), T0)).toBe(false);
      expect(await resourceServers.list()).toEqual([{ ...api('rs_a', 'https://a'), is_system: false }, { ...api('rs_b', 'https://b'), is_system: false }]);
      await resourceServers.update('rs_b', { name: 'Renamed', scopes: [], allow_offline_access: true, token_lifetime: 60 });
      expect(await resourceServers.byIdentifier('https://b')).toEqual({ ...api('rs_b', 'https://b'), name: 'Renamed', scopes: [], allow_offline_access: true, token_lifetime: 60, is_system: false });
      await clients.insert(clientRow('app'));
      await clients.insertGrant({ id: 'g1', client_id: 'app', audience: 'https://b', scope: [] });
      expect(await resourceServers.remove('rs_b')).toBe(true);
      expect(await resourceServers.remove('rs_b')).toBe(false);
      expect(await resourceServers.find('rs_b')).toBeUndefined();
      expect(await clients.grants()).toEqual([]);
    });

    it('of 50 parallel grants for one client and audience exactly one is inserted, the rest answer false', async () => {
      const { clients } = store();
      await clients.insert(clientRow('app'));
      const inserted = await Promise.all(Array.from({ length: 50 }, (_, i) => store().clients.insertGrant({ id: `g${i}`, client_id: 'app', audience: 'https://same', scope: [`s${i}`] })));
      expect(inserted.filter(Boolean)).toHaveLength(1);
      const winner = inserted.indexOf(true);
      expect(await clients.grants()).toEqual([{ id: `g${winner}`, client_id: 'app', audience: 'https://same', scope: [`s${winner}`] }]);
    });

    it('of 10 parallel registrations of one identifier exactly one wins', async () => {
      const won = await Promise.all(Array.from({ length: 10 }, (_, i) => store().resourceServers.insert(api(`rs_${i}`, 'https://same'), T0)));
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}
