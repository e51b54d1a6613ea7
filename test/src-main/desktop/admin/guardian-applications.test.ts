import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { ADMIN, json, mgmt, tokenRequest } from '../../../helpers/server.js';
import { connectedService, startTessera, type ConsoleUnderTest, type ListeningTessera } from './admin-fixture';

let tessera: ListeningTessera;
let console: ConsoleUnderTest;
beforeAll(async () => {
  tessera = await startTessera();
  console = await connectedService(tessera.baseUrl);
});
afterAll(async () => {
  await console.close();
  await tessera.close();
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('factors and policies', () => {
  it('reads what the server holds, with only the factors Tessera serves switchable', async () => {
    const factors = json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors')) as { name: string; enabled: boolean }[];
    const push = json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors/push-notification/settings')) as { number_matching: boolean; lock_on_reject: boolean };
    expect(await console.service.guardianSettings()).toEqual({
      factors: factors.map((f) => ({ name: f.name, enabled: f.enabled, supported: ['otp', 'recovery-code', 'push-notification', 'sms', 'email'].includes(f.name) })),
      policy: 'never',
      push: { numberMatching: push.number_matching, lockOnReject: push.lock_on_reject },
    });
  });

  it('toggles a factor, the policy and the push settings on the server', async () => {
    expect(await console.service.setFactor('otp', true)).toEqual({ name: 'otp', enabled: true, supported: true });
    expect(await console.service.setPolicy('all-applications')).toBe('all-applications');
    expect(await console.service.setPushSettings({ numberMatching: false })).toEqual({ numberMatching: false, lockOnReject: expect.any(Boolean) });
    const factors = json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors')) as { name: string; enabled: boolean }[];
    expect(factors.find((f) => f.name === 'otp')?.enabled).toBe(true);
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/policies'))).toEqual(['all-applications']);
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors/push-notification/settings'))).toMatchObject({ number_matching: false });
    expect(await console.service.setPolicy('never')).toBe('never');
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/policies'))).toEqual([]);
  });

  it('passes on the server’s refusal of a factor it cannot serve', async () => {
    const error = (await failure(console.service.setFactor('duo', true))) as AdminError;
    expect(error.kind).toBe('invalid_input');
    expect(await failure(console.service.setPolicy('sometimes' as never))).toEqual(new AdminError('invalid_input', 'Choose never or all applications'));
  });
});

describe('applications', () => {
  it('lists the clients, flagging the console’s own', async () => {
    const apps = await console.service.applications();
    expect(apps.find((a) => a.clientId === ADMIN.clientId)).toMatchObject({ isConsoleClient: true });
    expect(apps.filter((a) => a.isConsoleClient)).toHaveLength(1);
  });

  it('creates a Password + MFA app whose secret works, rotates it, and deletes it', async () => {
    const created = await console.service.createApplication({ name: 'Shop', preset: 'password_mfa' });
    expect(created.application).toEqual({
      clientId: expect.any(String),
      name: 'Shop',
      appType: 'regular_web',
      grantTypes: ['password', 'http://auth0.com/oauth/grant-type/password-realm', 'http://auth0.com/oauth/grant-type/mfa-otp', 'http://auth0.com/oauth/grant-type/mfa-oob', 'http://auth0.com/oauth/grant-type/mfa-recovery-code', 'refresh_token'],
      isConsoleClient: false,
    });
    const { clientId } = created.application;
    const login = (secret: string) => tokenRequest(tessera.app, { grant_type: 'password', client_id: clientId, client_secret: secret, username: 'nobody@example.com', password: 'x' });
    // A known client with a wrong password: 403 invalid_grant, not 401 invalid_client.
    expect((await login(created.clientSecret)).statusCode).toBe(403);
    const rotated = await console.service.rotateApplicationSecret(clientId);
    expect(rotated.clientSecret).not.toBe(created.clientSecret);
    expect((await login(created.clientSecret)).statusCode).toBe(401);
    expect((await console.service.applications()).map((a) => a.clientId)).toContain(clientId);
    await console.service.deleteApplication(clientId);
    expect((await console.service.applications()).map((a) => a.clientId)).not.toContain(clientId);
    expect(((await failure(console.service.deleteApplication(clientId))) as AdminError).kind).toBe('not_found');
  });

  it('refuses to rotate or delete the console’s own client', async () => {
    const refusal = new AdminError('invalid_input', 'This is the client the console itself signs in with: removing or rotating it would lock the console out');
    expect(await failure(console.service.rotateApplicationSecret(ADMIN.clientId))).toEqual(refusal);
    expect(await failure(console.service.deleteApplication(ADMIN.clientId))).toEqual(refusal);
  });

  it.each([
    [{ name: ' ', preset: 'password_mfa' }, 'Name the application (up to 200 characters)'],
    [{ name: 'X', preset: 'spa' }, 'Choose a preset'],
  ])('refuses %j', async (input, message) => {
    expect(await failure(console.service.createApplication(input as never))).toEqual(new AdminError('invalid_input', message));
  });
});
