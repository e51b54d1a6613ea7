import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { ADMIN, json, managementToken, mgmt } from '../../../helpers/server.js';
import { connectedService, seed, startTessera, type ConsoleUnderTest, type ListeningTessera, type Seeded } from './admin-fixture';

let tessera: ListeningTessera;
let people: Seeded;
let console: ConsoleUnderTest;
beforeEach(async () => {
  tessera = await startTessera();
  people = await seed(tessera);
  console = await connectedService(tessera.baseUrl);
});
afterEach(async () => {
  await console.close();
  await tessera.close();
});

const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;
const firstPage = () => console.service.listUsers({ search: '', filter: 'all', page: 0, perPage: 10 });

describe('the session', () => {
  it('gets a fresh token and retries once when the server refuses the cached one (401)', async () => {
    await firstPage();
    // The server's clock moves past the cached token's expiry; this process still believes it valid.
    tessera.clock.advance(TWO_DAYS_MS);
    expect((await firstPage()).total).toBe(2);
  });

  it('says to log in again when the client’s credentials were revoked', async () => {
    await firstPage();
    const token = await managementToken(tessera.app);
    expect((await mgmt(tessera.app, 'POST', `/api/v2/clients/${ADMIN.clientId}/rotate-secret`, undefined, token)).statusCode).toBe(200);
    tessera.clock.advance(TWO_DAYS_MS);
    expect(await firstPage().catch((e: unknown) => e)).toEqual(new AdminError('unauthorized', "The client's credentials were refused: log in again"));
  });

  it('says the server is unreachable once it stops', async () => {
    await firstPage();
    const { baseUrl } = tessera;
    await tessera.close();
    expect(await firstPage().catch((e: unknown) => e)).toEqual(new AdminError('unreachable', `Could not reach ${baseUrl}: check the URL and that the server is running`));
    tessera = await startTessera();
  });
});

describe('linked authenticators', () => {
  it('warns that SMS and voice on one phone go together, and removes both', async () => {
    const created = await mgmt(tessera.app, 'POST', `/api/v2/users/${encodeURIComponent(people.grace.user_id)}/authentication-methods`, { type: 'phone', phone_number: '+15555550100' });
    const phone = json(created) as { id: string; authentication_methods: { id: string; type: string }[] };
    const voice = phone.authentication_methods.find((m) => m.type === 'voice');
    const detail = await console.service.getUser(people.grace.user_id);
    expect(detail.mfa).toEqual(['sms']);
    expect(detail.authenticators).toEqual([
      { id: phone.id, kind: 'sms', name: '+15555550100', createdAt: expect.any(String), lastUsedAt: null, confirmed: true, removedWith: [{ id: voice?.id, kind: 'voice' }] },
    ]);
    await console.service.removeAuthenticator(people.grace.user_id, phone.id);
    expect(json(await mgmt(tessera.app, 'GET', `/api/v2/users/${encodeURIComponent(people.grace.user_id)}/authentication-methods`))).toEqual([]);
  });
});
