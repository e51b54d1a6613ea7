import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deny, DenyReason } from '../../../src-main/push-device';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { invalidBody, invalidQuery } from '../../helpers/mfa-admin.js';
import { enrollPushUser, expectOk, listen, loginForMfaToken, MFA_OOB_GRANT, PUSH_FACTORS, startPushLogin, startPushTessera, type PushTessera } from '../../helpers/push.js';
import { oathtool, PASSWORD, type TestClient } from '../../helpers/server.js';

type Name = 'ada' | 'grace' | 'alan' | 'bob' | 'carol';
type UserBody = Record<string, unknown> & { user_id: string };

/**
 * The console's user filters (Auth0's `_exists_:multifactor`, Tessera's `multifactor_push_locked`), over
 * a tenant enrolled through the real MFA API and a real push device: Ada with OTP, Grace with push that
 * "this wasn't me" locked, Alan with push, Bob with nothing, Carol with an OTP she never confirmed.
 */
describe('Management API: user search by MFA state', () => {
  let server: PushTessera;
  let client: TestClient;
  const ids = {} as Record<Name, string>;

  const get = async <T = unknown>(path: string) => expectOk(await server.management<T>('GET', path));
  const view = (name: Name) => get<UserBody>(`/api/v2/users/${encodeURIComponent(ids[name])}`);
  const search = async (q: string) => (await get<UserBody[]>(`/api/v2/users?q=${encodeURIComponent(q)}`)).map((user) => user.user_id);
  const named = (...names: Name[]) => names.map((name) => ids[name]);

  async function otpAssociate(email: string): Promise<{ mfaToken: string; secret: string }> {
    const mfaToken = await loginForMfaToken(server, client, email);
    const associate = expectOk(await server.call<{ secret: string }>('POST', '/mfa/associate', { bearer: mfaToken, json: { authenticator_types: ['otp'] } }));
    return { mfaToken, secret: associate.secret };
  }

  beforeAll(async () => {
    server = await startPushTessera();
    for (const factor of PUSH_FACTORS) expectOk(await server.management('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true }));
    expectOk(await server.management('PUT', '/api/v2/guardian/policies', ['all-applications']));
    expectOk(await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { lock_on_reject: true }));
    const grants = ['password', GRANT_TYPES.mfaOtp, MFA_OOB_GRANT];
    client = expectOk(await server.management<TestClient>('POST', '/api/v2/clients', { name: 'Staff Portal', grant_types: grants }), 201);
    for (const name of ['ada', 'grace', 'alan', 'bob', 'carol'] as Name[]) {
      const user = expectOk(await server.management<UserBody>('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: `${name}@example.com`, password: PASSWORD }), 201);
      ids[name] = user.user_id;
    }
    const ada = await otpAssociate('ada@example.com');
    const form = { grant_type: GRANT_TYPES.mfaOtp, client_id: client.client_id, client_secret: client.client_secret, mfa_token: ada.mfaToken, otp: oathtool(ada.secret, server.clock.now()) };
    expectOk(await server.call('POST', '/oauth/token', { form }));
    await otpAssociate('carol@example.com');
    const grace = await enrollPushUser(server, client, 'grace@example.com', 'Grace’s phone');
    await enrollPushUser(server, client, 'alan@example.com', 'Alan’s phone');
    const stream = listen(server, grace.device);
    await stream.opened();
    await startPushLogin(server, client, 'grace@example.com');
    await deny(grace.device.account, await stream.next(), { keyStore: grace.device.keyStore, reason: DenyReason.notMe });
    await stream.stop();
  });
  afterAll(() => server.close());

  it('shows multifactor_push_locked: true on the locked user only; other bodies are unchanged', async () => {
    expect(await view('grace')).toMatchObject({ multifactor: ['guardian'], multifactor_push_locked: true });
    for (const name of ['ada', 'alan', 'bob', 'carol'] as Name[]) expect(await view(name)).not.toHaveProperty('multifactor_push_locked');
    expect(await view('ada')).toHaveProperty('multifactor', ['guardian']);
    expect(await view('carol')).not.toHaveProperty('multifactor');
  });

  it.each<[string, Name[]]>([
    ['_exists_:multifactor', ['ada', 'grace', 'alan']],
    ['NOT _exists_:multifactor', ['bob', 'carol']],
    ['multifactor_push_locked:true', ['grace']],
    ['multifactor_push_locked:false', ['ada', 'alan', 'bob', 'carol']],
    ['_exists_:multifactor AND email:a*', ['ada', 'alan']],
    ['email:a* _exists_:multifactor', ['ada', 'alan']],
    ['NOT _exists_:multifactor AND email:b*', ['bob']],
    ['_exists_:multifactor AND NOT _exists_:multifactor', []],
    ['_exists_:multifactor multifactor_push_locked:true', ['grace']],
  ])('q=%s finds %j', async (q, names) => {
    expect(await search(q)).toEqual(named(...names));
  });

  it('answers the same objects as GET /users/{id}, and counts them with include_totals', async () => {
    const page = await get(`/api/v2/users?q=${encodeURIComponent('_exists_:multifactor')}&per_page=2&include_totals=true`);
    expect(page).toEqual({ start: 0, limit: 2, length: 2, total: 3, users: [await view('ada'), await view('grace')] });
  });

  it.each([
    ['_exists_:password_hash', 'Unsupported query field: _exists_:password_hash'],
    ['_exists_:email', 'Unsupported query field: _exists_:email'],
    ['_exists_:multi*', 'Unsupported query field: _exists_'],
    ['NOT email:ada*', 'Unsupported query term: NOT'],
    ['email:ada* NOT', 'Unsupported query term: NOT'],
    ['NOT NOT _exists_:multifactor', 'Unsupported query term: NOT'],
    ['multifactor_push_locked:yes', 'Unsupported value for multifactor_push_locked: use true or false'],
    ['multifactor_push_locked:t*', 'Unsupported value for multifactor_push_locked: use true or false'],
  ])('refuses q=%s with 400 invalid_query_string', async (q, detail) => {
    const response = await server.management('GET', `/api/v2/users?q=${encodeURIComponent(q)}`);
    expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: invalidQuery(detail) });
  });

  it('the bulk reset job takes the same q: a dry run of NOT _exists_:multifactor lists exactly Bob and Carol', async () => {
    const job = expectOk(await server.management<{ results: { user_id: string }[] }>('POST', '/api/v2/jobs/mfa-reset', { q: 'NOT _exists_:multifactor', dry_run: true }), 201);
    expect(job.results.map((result) => result.user_id)).toEqual(named('bob', 'carol'));
    const bad = await server.management('POST', '/api/v2/jobs/mfa-reset', { q: '_exists_:nothing', dry_run: true });
    expect({ status: bad.status, body: bad.body }).toEqual({ status: 400, body: invalidBody('Unsupported query field: _exists_:nothing') });
  });

  // Last: it changes the shared tenant (seeding a push device per test would cost seconds each).
  it('unlocking push clears the flag and the search', async () => {
    const unlock = await server.management('POST', `/api/v2/users/${encodeURIComponent(ids.grace)}/multifactor/actions/unlock-push`);
    expect(unlock.status).toBe(204);
    expect(await view('grace')).not.toHaveProperty('multifactor_push_locked');
    expect(await search('multifactor_push_locked:true')).toEqual([]);
  });
});
