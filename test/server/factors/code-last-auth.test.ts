import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutboxMessage } from '../../../server/delivery/outbox.js';
import { maskPhone } from '../../../server/services/methods.js';
import { associate, body, challenge, oobGrant, otherCode, PHONE } from '../../helpers/code-factors.js';
import { adminApi, type AdminCall } from '../../helpers/mfa-admin.js';
import { buildTestServer, createClient, json, loginForMfaToken, type TestClient, type TestServer } from '../../helpers/server.js';

/**
 * An SMS or email code that signs the user in records the authenticator's last use, as a TOTP step or a
 * recovery code does, and the Management API shows it: `last_auth_at` on the authentication method
 * (https://auth0.com/docs/api/management/v2/users/get-authentication-methods), `last_auth` on the
 * enrollment (https://auth0.com/docs/api/management/v2/users/get-enrollments). Codes go to the developer
 * outbox, so this runs on both engines (the server and server-postgres projects).
 */

const HOUR = 3_600_000;
const WORK_EMAIL = 'ada.work@example.com';
const TOKENS = { access_token: expect.any(String), id_token: expect.any(String), scope: 'openid profile email', expires_in: expect.any(Number), token_type: 'Bearer' };
const iso = (ms: number) => new Date(ms).toISOString();
const LINK = /^dev_[A-Za-z0-9]{16}$/;

describe('last use of SMS and email authenticators', () => {
  let server: TestServer;
  let admin: AdminCall;
  let client: TestClient;
  let userId: string;
  let t0: number;
  beforeEach(async () => {
    server = await buildTestServer({ outbox: true });
    admin = await adminApi(server.app);
    t0 = server.clock.now();
    for (const factor of ['sms', 'email', 'recovery-code']) await admin('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true });
    await admin('PUT', '/api/v2/guardian/policies', ['all-applications']);
    await admin('PUT', '/api/v2/guardian/factors/phone/message-types', { message_types: ['sms'] });
    client = await createClient(server.app);
    const created = await admin('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: 'ada@example.com', password: 'correct horse battery staple', email_verified: true });
    userId = (json(created) as { user_id: string }).user_id;
  });
  afterEach(() => server.close());

  const login = () => loginForMfaToken(server.app, client, { scope: 'openid profile email' });
  /** The code in the newest outbox message, as the user reads it. */
  async function lastCode(): Promise<string> {
    const [message] = await server.app.tessera.store.outbox.newest(1);
    return openOutboxMessage(server.app.tessera.secrets, message!).code;
  }
  const methods = async () => (json(await admin('GET', `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`)) as { type: string }[]).sort((a, b) => a.type.localeCompare(b.type));
  const enrollments = async () => json(await admin('GET', `/api/v2/users/${encodeURIComponent(userId)}/enrollments`));
  async function listed(mfaToken: string): Promise<{ id: string; oob_channel?: string; name?: string }[]> {
    return json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { id: string }[];
  }

  /** Enrolls by a code sent as `input` says (confirmed at t0) and answers the new authenticator's id. */
  async function enroll(input: Record<string, unknown>, kind: 'sms' | 'email'): Promise<string> {
    const mfaToken = await login();
    const association = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], ...input })) as { oob_code: string };
    expect(body(await oobGrant(server.app, client, mfaToken, association.oob_code, await lastCode()))).toEqual({ status: 200, body: TOKENS });
    return (await listed(mfaToken)).find((entry) => entry.id.startsWith(`${kind}|`) && entry.name !== 'ada@example.com')?.id ?? '';
  }

  /** A login over `authenticatorId` at the clock's time, answered with the code sent (or a wrong one). */
  async function codeLogin(authenticatorId: string, wrong = false): Promise<void> {
    const mfaToken = await login();
    const sent = json(await challenge(server.app, client, mfaToken, { challenge_type: 'oob', authenticator_id: authenticatorId })) as { oob_code: string };
    const code = await lastCode();
    const expected = wrong ? { status: 403, body: { error: 'invalid_grant', error_description: 'Invalid binding_code.' } } : { status: 200, body: TOKENS };
    expect(body(await oobGrant(server.app, client, mfaToken, sent.oob_code, wrong ? otherCode(code) : code))).toEqual(expected);
  }

  /** The recovery code issued with the first enrollment, never used here. */
  const recoveryMethod = () => ({ id: expect.stringMatching(/^recovery-code\|dev_/), type: 'recovery-code', confirmed: true, created_at: iso(t0), enrolled_at: iso(t0) });

  it('an SMS login sets the phone method\'s last_auth_at and the enrollment\'s last_auth; a wrong code does not', async () => {
    const smsId = await enroll({ oob_channels: ['sms'], phone_number: PHONE }, 'sms');
    const linkId = smsId.slice('sms|'.length);
    server.clock.advance(HOUR / 2);
    await codeLogin(smsId, true);
    expect(await methods()).toEqual([expect.objectContaining({ type: 'phone', last_auth_at: iso(t0) }), recoveryMethod()]);
    server.clock.advance(HOUR / 2);
    await codeLogin(smsId);

    const phone = {
      id: `phone|${linkId}`, type: 'phone', confirmed: true, name: PHONE, phone_number: PHONE, preferred_authentication_method: 'sms',
      authentication_methods: [{ id: smsId, type: 'sms' }], created_at: iso(t0), enrolled_at: iso(t0), last_auth_at: iso(t0 + HOUR),
    };
    expect(await methods()).toEqual([phone, recoveryMethod()]);
    expect(await enrollments()).toEqual([
      { id: linkId, status: 'confirmed', type: 'phone', name: PHONE, phone_number: maskPhone(PHONE), auth_method: 'sms', enrolled_at: iso(t0), last_auth: iso(t0 + HOUR) },
    ]);
    expect(linkId).toMatch(LINK);
  });

  it('an email login sets the email method\'s last_auth_at and the enrollment\'s last_auth', async () => {
    const emailId = await enroll({ oob_channels: ['email'], email: WORK_EMAIL }, 'email');
    const linkId = emailId.slice('email|'.length);
    server.clock.advance(2 * HOUR);
    await codeLogin(emailId);

    const email = { id: emailId, type: 'email', confirmed: true, name: WORK_EMAIL, email: WORK_EMAIL, created_at: iso(t0), enrolled_at: iso(t0), last_auth_at: iso(t0 + 2 * HOUR) };
    expect(await methods()).toEqual([email, recoveryMethod()]);
    expect(await enrollments()).toEqual([
      { id: linkId, status: 'confirmed', type: 'email', name: WORK_EMAIL, auth_method: 'email', enrolled_at: iso(t0), last_auth: iso(t0 + 2 * HOUR) },
    ]);
  });

  it('a verified address\'s implicit email authenticator has no method of its own: its login reads as the user\'s last_login only', async () => {
    const smsId = await enroll({ oob_channels: ['sms'], phone_number: PHONE }, 'sms');
    const before = await methods();
    const implicit = (await listed(await login())).find((entry) => entry.oob_channel === 'email' && entry.name === 'ada@example.com');
    expect(implicit?.id).toMatch(/^email\|dev_/);
    server.clock.advance(3 * HOUR);
    await codeLogin(implicit!.id);

    // The phone's last use stays the enrollment's: the email login is not put on another method.
    expect(before).toEqual([expect.objectContaining({ id: `phone|${smsId.slice('sms|'.length)}`, last_auth_at: iso(t0) }), expect.anything()]);
    expect(await methods()).toEqual(before);
    expect(json(await admin('GET', `/api/v2/users/${encodeURIComponent(userId)}`))).toMatchObject({ last_login: iso(t0 + 3 * HOUR)});
  });
});
