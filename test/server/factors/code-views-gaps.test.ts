import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, MFA_AUDIENCE, mgmt, PASSWORD, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';
import { associate, challenge, oobGrant, PHONE, recordingDelivery } from '../../helpers/code-factors.js';

/**
 * How SMS, voice and email authenticators read where Auth0 shows them: `mfa_requirements` of
 * `mfa_required`, `GET /mfa/authenticators`, the Management API's authentication methods and enrollments;
 * and what deleting them removes (a linked sms/voice pair from either side; an explicit email, never an
 * implicit one). Codes go to a recording carrier (ServerDeps.codeDelivery, as the outbox).
 */

const EMAIL = 'ada@example.com';
const LINK = /^dev_[A-Za-z0-9]{16}$/;

let server: TestServer;
let client: TestClient;
let userId: string;
let token: string;
const recording = recordingDelivery();
const sent = recording.sent;

beforeEach(async () => {
  sent.length = 0;
  server = await buildTestServer({ codeDelivery: recording });
  client = await createClient(server.app);
  userId = (await createUser(server.app)).user_id;
  token = await managementToken(server.app);
  await put('/api/v2/guardian/policies', ['all-applications']);
});
afterEach(() => server.close());

async function put(url: string, payload: unknown): Promise<void> {
  const response = await mgmt(server.app, 'PUT', url, payload, token);
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
}
async function enable(...factors: string[]): Promise<void> {
  for (const factor of factors) await put(`/api/v2/guardian/factors/${factor}`, { enabled: true });
}
/** Enrolls and confirms with the code the carrier got; answers the authenticator ids `GET /mfa/authenticators` then lists. */
async function enroll(input: Record<string, unknown>): Promise<string[]> {
  const mfaToken = await loginForMfaToken(server.app, client);
  const { oob_code: oobCode } = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], ...input })) as { oob_code: string };
  expect((await oobGrant(server.app, client, mfaToken, oobCode, sent.at(-1)?.code)).statusCode).toBe(200);
  return (await list(mfaToken)).map((entry) => entry.id);
}
async function list(bearer: string): Promise<{ id: string; active: boolean }[]> {
  const entries = json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${bearer}` } })) as { id: string; active: boolean }[];
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
async function requirements(): Promise<unknown> {
  const response = await tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: EMAIL, password: PASSWORD });
  expect(response.statusCode).toBe(403);
  return (json(response) as { mfa_requirements: unknown }).mfa_requirements;
}
/** An MFA-audience access token that may list and delete authenticators, by a challenge of `authenticatorId`. */
async function mfaAccess(authenticatorId: string): Promise<string> {
  const mfaToken = await loginForMfaToken(server.app, client, { audience: MFA_AUDIENCE, scope: 'remove:authenticators read:authenticators' });
  const { oob_code: oobCode } = json(await challenge(server.app, client, mfaToken, { authenticator_id: authenticatorId })) as { oob_code: string };
  return (json(await oobGrant(server.app, client, mfaToken, oobCode, sent.at(-1)?.code)) as { access_token: string }).access_token;
}
async function remove(bearer: string, id: string): Promise<{ status: number; body: unknown }> {
  const response = await server.app.inject({ method: 'DELETE', url: `/mfa/authenticators/${encodeURIComponent(id)}`, headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.statusCode, body: response.body === '' ? '' : json(response) };
}
/** `last_auth_at` is set by code logins too (another change): not what these cases are about. */
describe('mfa_requirements', () => {
  it('offers phone and email to enroll while nothing is active', async () => {
    await enable('sms', 'email', 'otp');
    const { enroll } = (await requirements()) as { enroll: { type: string }[] };
    // In the tenant's factor order, which Auth0 does not document: compared as a set.
    expect(enroll.sort((a, b) => a.type.localeCompare(b.type))).toEqual([{ type: 'email' }, { type: 'otp' }, { type: 'phone' }]);
  });

  it('a voice-only phone is `phone`', async () => {
    await enable('sms');
    await put('/api/v2/guardian/factors/phone/message-types', { message_types: ['voice'] });
    await enroll({ oob_channels: ['voice'], phone_number: PHONE });
    expect(await requirements()).toEqual({ challenge: [{ type: 'phone' }] });
  });

  it('an enrolled email is `email`, before the recovery code', async () => {
    await enable('email', 'recovery-code');
    await enroll({ oob_channels: ['email'], email: EMAIL });
    expect(await requirements()).toEqual({ challenge: [{ type: 'email' }, { type: 'recovery-code' }] });
  });
});

describe('an explicitly enrolled email in the Management API', () => {
  it('is an `email` authentication method and an `email` enrollment', async () => {
    await enable('email');
    const [emailId] = await enroll({ oob_channels: ['email'], email: EMAIL });
    const linkId = emailId?.split('|')[1] ?? '';
    expect(linkId).toMatch(LINK);
    const methods = json(await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`, undefined, token));
    // The code that confirmed the enrollment is also its last use (as an OTP app's first code is).
    const at = new Date(server.clock.now()).toISOString();
    expect(methods).toEqual([{ id: emailId, type: 'email', confirmed: true, name: EMAIL, email: EMAIL, created_at: at, enrolled_at: at, last_auth_at: at }]);
    const enrollments = json(await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/enrollments`, undefined, token));
    expect(enrollments).toEqual([{ id: linkId, status: 'confirmed', type: 'email', name: EMAIL, auth_method: 'email', enrolled_at: at, last_auth: at }]);
  });
});

describe('deleting', () => {
  it('the sms side of a linked pair removes the voice side too', async () => {
    await enable('sms');
    await put('/api/v2/guardian/factors/phone/message-types', { message_types: ['sms', 'voice'] });
    const ids = await enroll({ oob_channels: ['sms'], phone_number: PHONE });
    const smsId = ids.find((id) => id.startsWith('sms|')) ?? '';
    expect(ids).toEqual([smsId, smsId.replace('sms|', 'voice|')]);
    const access = await mfaAccess(smsId);
    expect(await remove(access, smsId)).toEqual({ status: 204, body: '' });
    expect(await list(access)).toEqual([]);
    expect(json(await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/enrollments`, undefined, token))).toEqual([]);
  });

  it('an explicit email is deleted (204); the verified address then reads as the implicit one, which is not', async () => {
    await enable('email', 'sms');
    const [smsId] = await enroll({ oob_channels: ['sms'], phone_number: PHONE });
    // A second factor is enrolled with an MFA-audience token carrying `enroll`, which also confirms it.
    const enrolling = await loginForMfaToken(server.app, client, { audience: MFA_AUDIENCE, scope: 'enroll remove:authenticators read:authenticators' });
    const { oob_code: challengeOob } = json(await challenge(server.app, client, enrolling, { authenticator_id: smsId ?? '' })) as { oob_code: string };
    const { access_token: access } = json(await oobGrant(server.app, client, enrolling, challengeOob, sent.at(-1)?.code)) as { access_token: string };
    const { oob_code: emailOob } = json(await associate(server.app, access, { authenticator_types: ['oob'], oob_channels: ['email'], email: 'work@example.com' })) as { oob_code: string };
    expect((await oobGrant(server.app, client, access, emailOob, sent.at(-1)?.code)).statusCode).toBe(200);
    const explicit = (await list(access)).find((entry) => entry.id.startsWith('email|'));
    expect(explicit).toEqual({ id: expect.stringMatching(/^email\|dev_/), authenticator_type: 'oob', oob_channel: 'email', name: 'work@example.com', active: true });
    expect(await remove(access, explicit?.id ?? '')).toEqual({ status: 204, body: '' });
    expect((await list(access)).filter((entry) => entry.id.startsWith('email|'))).toEqual([]);

    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { email_verified: true }, token);
    const implicit = (await list(access)).find((entry) => entry.id.startsWith('email|'));
    expect(implicit).toEqual({ id: expect.stringMatching(/^email\|dev_/), authenticator_type: 'oob', oob_channel: 'email', name: EMAIL, active: true });
    expect(await remove(access, implicit?.id ?? '')).toEqual({
      status: 403, body: { error: 'access_denied', error_description: 'A verified email is an authenticator only while it is verified: it cannot be deleted.' },
    });
  });
});
