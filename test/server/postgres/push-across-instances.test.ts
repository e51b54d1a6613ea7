import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createFileAccountStore, createFileKeyStore, deny, enrollDevice, openStream, type PushRequest } from '../../../src-main/push-device/index.js';
import { describePostgres } from '../../helpers/postgres.js';
import { startTwoInstances, type Instance } from '../../helpers/postgres-instances.js';

/**
 * Two Tessera instances on one PostgreSQL database, each with its own pool and its own `LISTEN/NOTIFY`
 * push hub, as `npm run server` runs them with TESSERA_DATABASE_URL: a device's event stream is held by
 * instance A, the login is raised on instance B, and the device still hears of it and answers it.
 */

const PASSWORD = 'a password long enough for the test';
const MFA_OOB = 'http://auth0.com/oauth/grant-type/mfa-oob';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describePostgres('push across instances on PostgreSQL', () => {
  it('a login raised on instance B reaches the device whose stream instance A holds, and its answer reaches B', async () => {
    const { a, b, admin } = await startTwoInstances((cleanup) => cleanups.push(cleanup));
    const folder = mkdtempSync(join(tmpdir(), 'tessera-pg-push-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));

    await a.call('PUT', '/api/v2/guardian/factors/push-notification', { bearer: admin, json: { enabled: true } });
    await b.call('PUT', '/api/v2/guardian/policies', { bearer: admin, json: ['all-applications'] });
    const client = await a.call<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { bearer: admin, json: { name: 'App', grant_types: ['password', MFA_OOB] } }, 201);
    await b.call('POST', '/api/v2/users', { bearer: admin, json: { connection: 'Username-Password-Authentication', email: 'ada@example.com', password: PASSWORD } }, 201);
    const login = (instance: Instance) =>
      instance.call<{ mfa_token: string }>('POST', '/oauth/token', { form: { grant_type: 'password', ...client, username: 'ada@example.com', password: PASSWORD } }, 403);

    // Enrolled through A (the device talks to the issuer), confirmed through B.
    const first = await login(a);
    const association = await a.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', { bearer: first.mfa_token, json: { authenticator_types: ['oob'], oob_channels: ['auth0'] } });
    const keyStore = createFileKeyStore(join(folder, 'keys'));
    const account = await enrollDevice({ barcodeUri: association.barcode_uri, name: 'ada', keyStore, accountStore: createFileAccountStore(folder) });
    await b.call('POST', '/oauth/token', { form: { grant_type: MFA_OOB, ...client, mfa_token: first.mfa_token, oob_code: association.oob_code } });

    // The device's stream is on A.
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const requests: PushRequest[] = [];
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    void openStream(account, {
      keyStore,
      signal: controller.signal,
      onRequest: (request) => {
        requests.push(request);
        arrived();
      },
      onState: (state) => state.status === 'open' && opened(),
    });
    await open;

    // The login is raised on B; the device hears of it through A.
    const second = await login(b);
    const challenge = await b.call<{ challenge_type: string; oob_code: string }>('POST', '/mfa/challenge', { json: { mfa_token: second.mfa_token, ...client, challenge_type: 'oob' } });
    expect(challenge.challenge_type).toBe('oob');
    await arrival;
    expect(requests).toHaveLength(1);
    expect(await b.call('POST', '/oauth/token', { form: { grant_type: MFA_OOB, ...client, mfa_token: second.mfa_token, oob_code: challenge.oob_code } }, 400)).toEqual({
      error: 'authorization_pending',
      error_description: 'Authorization pending: please repeat the request in a few seconds.',
    });

    // The device answers A; B's poll sees the answer.
    await deny(account, requests[0]!, { keyStore });
    expect(await b.call('POST', '/oauth/token', { form: { grant_type: MFA_OOB, ...client, mfa_token: second.mfa_token, oob_code: challenge.oob_code } }, 403)).toEqual({
      error: 'invalid_grant',
      error_description: 'MFA Authorization rejected.',
    });
  });
});
