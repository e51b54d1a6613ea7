import { afterEach, expect, it } from 'vitest';
import { describePostgres } from '../../helpers/postgres.js';
import { startTwoInstances } from '../../helpers/postgres-instances.js';

/**
 * A factor switched on one instance is what the next request to the other instance sees: no instance
 * keeps its own copy of the tenant's factor settings. Here the email factor, whose switch decides whether
 * a verified address is listed as an implicit authenticator by `GET /mfa/authenticators`.
 */

const PASSWORD = 'a password long enough for the test';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describePostgres('factor switches across instances on PostgreSQL', () => {
  it('the email factor switched off (and on) on instance B shows in the next listing on instance A', async () => {
    const { a, b, admin } = await startTwoInstances((cleanup) => cleanups.push(cleanup));
    const setEmailFactor = (enabled: boolean) => b.call('PUT', '/api/v2/guardian/factors/email', { bearer: admin, json: { enabled } });
    await setEmailFactor(true);
    await b.call('PUT', '/api/v2/guardian/policies', { bearer: admin, json: ['all-applications'] });
    const client = await b.call<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { bearer: admin, json: { name: 'App', grant_types: ['password'] } }, 201);
    await b.call('POST', '/api/v2/users', {
      bearer: admin,
      json: { connection: 'Username-Password-Authentication', email: 'ada@example.com', email_verified: true, password: PASSWORD },
    }, 201);
    const { mfa_token: mfaToken } = await a.call<{ mfa_token: string }>('POST', '/oauth/token', {
      form: { grant_type: 'password', ...client, username: 'ada@example.com', password: PASSWORD },
    }, 403);
    const list = () => a.call<unknown[]>('GET', '/mfa/authenticators', { bearer: mfaToken });
    const implicitEmail = [{ id: expect.stringMatching(/^email\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'oob', oob_channel: 'email', name: 'ada@example.com', active: true }];

    expect(await list()).toEqual(implicitEmail);
    await setEmailFactor(false);
    expect(await list()).toEqual([]);
    await setEmailFactor(true);
    expect(await list()).toEqual(implicitEmail);
  });
});
