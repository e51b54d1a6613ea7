import type { ManagementClient } from 'auth0';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { ADMIN, PASSWORD } from '../helpers/server.js';
import { APP_GRANTS, CONNECTION, mgmtErrorBody, v7Error, v7Management } from './v7-support.js';

/**
 * The Management API calls the admin console makes, through the official `auth0` SDK's current major
 * (v7 ManagementClient) over real HTTPS: users, applications, factors, policies and settings.
 * (Enrolled users, logs and jobs: auth0-v7-mfa-admin.test.ts.)
 */

const ADMIN_APP = {
  client_id: ADMIN.clientId,
  name: 'Tessera Admin (Management API)',
  description: 'Created at first start for scripting the Management API.',
  app_type: 'non_interactive',
  is_first_party: true,
  callbacks: [],
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'client_secret_post',
  client_secret: ADMIN.clientSecret,
};
const USER_NOT_FOUND = mgmtErrorBody(404, 'Not Found', 'inexistent_user', 'The user does not exist.');

describe('the official auth0 SDK (v7) ManagementClient: users, applications, factors and policies', () => {
  let server: HttpsTessera;
  let management: ManagementClient;
  beforeEach(async () => {
    server = await startHttpsTessera();
    management = v7Management(server);
  });
  afterEach(() => server.close());

  const createUser = async (email: string, name?: string) =>
    management.users.create({ connection: CONNECTION, email, password: PASSWORD, ...(name ? { name } : {}) });

  it('users.list pages a search with totals, as the console asks for it', async () => {
    const ada = await createUser('ada@example.com', 'Ada Lovelace');
    server.clock.advance(1000);
    const adam = await createUser('adam@example.com');
    server.clock.advance(1000);
    await createUser('grace@example.com');

    const page = await management.users.list({ q: 'email:ada*', per_page: 1, page: 0, sort: 'created_at:1' });
    expect(page.response).toEqual({ start: 0, limit: 1, length: 1, total: 2, users: [ada] });
    expect(page.data).toEqual([ada]);
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.data).toEqual([adam]);

    const all: string[] = [];
    for await (const user of await management.users.list({ per_page: 2 })) all.push(user.email ?? '');
    expect(all).toEqual(['ada@example.com', 'adam@example.com', 'grace@example.com']);

    expect((await management.users.list({ q: 'email:nobody*' })).response).toEqual({ start: 0, limit: 50, length: 0, total: 0, users: [] });
    expect(await v7Error(management.users.list({ q: 'app_metadata.plan:"gold"' }))).toEqual(
      mgmtErrorBody(400, 'Bad Request', 'invalid_query_string', 'Query validation error: Unsupported query field: app_metadata.plan.'),
    );
  });

  it('users.list filters by MFA enrollment with _exists_:multifactor', async () => {
    const bob = await createUser('bob@example.com');
    expect((await management.users.list({ q: 'NOT _exists_:multifactor' })).data).toEqual([bob]);
    expect((await management.users.list({ q: '_exists_:multifactor' })).data).toEqual([]);
  });

  it('users.get and users.listUsersByEmail answer the same user; unknown ones are a 404 and an empty list', async () => {
    const created = await createUser('ada@example.com', 'Ada Lovelace');
    expect(created).toEqual({
      user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/),
      email: 'ada@example.com',
      email_verified: false,
      name: 'Ada Lovelace',
      nickname: 'ada',
      identities: [{ connection: CONNECTION, provider: 'auth0', user_id: created.user_id?.slice('auth0|'.length), isSocial: false }],
      user_metadata: {},
      app_metadata: {},
      blocked: false,
      created_at: new Date(server.clock.now()).toISOString(),
      updated_at: new Date(server.clock.now()).toISOString(),
      logins_count: 0,
    });
    expect(await management.users.get(created.user_id ?? '')).toEqual(created);
    expect(await management.users.listUsersByEmail({ email: 'ADA@example.com' })).toEqual([created]);
    expect(await management.users.listUsersByEmail({ email: 'ada@example.com', fields: 'user_id,email' })).toEqual([{ user_id: created.user_id, email: 'ada@example.com' }]);
    expect(await management.users.listUsersByEmail({ email: 'nobody@example.com' })).toEqual([]);
    expect(await v7Error(management.users.get('auth0|000000000000000000000000'))).toEqual(USER_NOT_FOUND);
  });

  it('clients: create, list with totals and pages, get, rotate the secret, delete', async () => {
    server.clock.advance(1000);
    const created = await management.clients.create({ name: 'Staff Portal', app_type: 'regular_web', grant_types: APP_GRANTS });
    expect(created).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      name: 'Staff Portal',
      app_type: 'regular_web',
      is_first_party: true,
      callbacks: [],
      grant_types: APP_GRANTS,
      token_endpoint_auth_method: 'client_secret_post',
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
    });
    const id = created.client_id ?? '';

    const listed = await management.clients.list();
    expect(listed.response).toEqual({ start: 0, limit: 50, total: 2, clients: [ADMIN_APP, created] });
    const paged = await management.clients.list({ per_page: 1, page: 1 });
    expect(paged.response).toEqual({ start: 1, limit: 1, total: 2, clients: [created] });
    const names: string[] = [];
    for await (const client of await management.clients.list({ per_page: 1 })) names.push(client.name ?? '');
    expect(names).toEqual([ADMIN_APP.name, 'Staff Portal']);

    expect(await management.clients.get(id)).toEqual(created);
    const rotated = await management.clients.rotateSecret(id);
    expect(rotated).toEqual({ ...created, client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/) });
    expect(rotated.client_secret).not.toBe(created.client_secret);
    expect(await management.clients.get(id)).toEqual(rotated);

    await management.clients.delete(id);
    const notFound = mgmtErrorBody(404, 'Not Found', 'inexistent_client', 'The client does not exist.');
    expect(await v7Error(management.clients.get(id))).toEqual(notFound);
    expect(await v7Error(management.clients.delete(id))).toEqual(notFound);
    expect((await management.clients.list()).response).toEqual({ start: 0, limit: 50, total: 1, clients: [ADMIN_APP] });
  });

  it('guardian.factors list and set; guardian.policies list and set', async () => {
    const factors = await management.guardian.factors.list();
    expect(factors).toEqual(
      ['push-notification', 'sms', 'email', 'duo', 'otp', 'webauthn-roaming', 'webauthn-platform', 'recovery-code'].map((name) => ({ enabled: false, trial_expired: false, name })),
    );
    expect(await management.guardian.factors.set('otp', { enabled: true })).toEqual({ enabled: true });
    expect((await management.guardian.factors.list()).filter((factor) => factor.enabled)).toEqual([{ enabled: true, trial_expired: false, name: 'otp' }]);
    expect(await v7Error(management.guardian.factors.set('duo', { enabled: true }))).toEqual(
      mgmtErrorBody(400, 'Bad Request', 'feature_not_supported', 'The duo factor is not available on this server.'),
    );

    expect(await management.guardian.policies.list()).toEqual([]);
    expect(await management.guardian.policies.set(['all-applications'])).toEqual(['all-applications']);
    expect(await management.guardian.policies.list()).toEqual(['all-applications']);
    expect(await management.guardian.policies.set([])).toEqual([]);
  });

  it('guardian.get and guardian.set: the tenant MFA settings', async () => {
    expect(await management.guardian.get()).toEqual({
      display_remember_me_checkbox: true,
      remember_me_default_value: false,
      mfa_session_inactivity_timeout: 604_800,
      mfa_session_overall_timeout: 2_592_000,
    });
    const changed = { display_remember_me_checkbox: false, remember_me_default_value: true, mfa_session_inactivity_timeout: 3600, mfa_session_overall_timeout: 86_400 };
    expect(await management.guardian.set(changed)).toEqual(changed);
    expect(await management.guardian.get()).toEqual(changed);
    expect(await v7Error(management.guardian.set({ ...changed, mfa_session_inactivity_timeout: 90_000 }))).toEqual(
      mgmtErrorBody(400, 'Bad Request', 'invalid_body', 'Payload validation error: mfa_session_inactivity_timeout cannot exceed mfa_session_overall_timeout.'),
    );
  });

  it('a rotated (revoked) secret: the SDK gets no token, and says why', async () => {
    const machine = await management.clients.create({ name: 'Script', grant_types: ['client_credentials'] });
    const oldSecret = machine.client_secret ?? '';
    await management.clients.rotateSecret(machine.client_id ?? '');
    const scripted = v7Management(server, { clientId: machine.client_id ?? '', clientSecret: oldSecret });
    expect(await v7Error(scripted.users.list())).toEqual({ statusCode: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } });
  });
});
