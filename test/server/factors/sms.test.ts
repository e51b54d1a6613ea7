import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateLimitHeaders } from '../../helpers/oauth.js';
import { auditRows } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, MFA_AUDIENCE, mgmt, PASSWORD, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';
import { twilioFakeForFile, type TwilioFake } from '../../helpers/twilio.js';
import { associate, body, challenge, configureTwilio, oobGrant, oobRows, otherCode, PHONE, SMS_FROM } from '../../helpers/code-factors.js';

/**
 * SMS codes end to end through the real delivery path: /mfa/associate and /mfa/challenge send the code to
 * a loopback server speaking Twilio's Messages API (Basic auth checked there), the code read from the
 * message completes the mfa-oob grant. Whole bodies throughout.
 */

const OOB_CODE = /^[A-Za-z0-9_-]{43}$/;
const SMS_ID = /^sms\|dev_[A-Za-z0-9]{16}$/;
/** PHONE as the MFA API lists it: only the last four digits. */
const MASKED_PHONE = '+XXXXXXX0123';
const TOKENS = { access_token: expect.any(String), id_token: expect.any(String), scope: 'openid profile email', expires_in: expect.any(Number), token_type: 'Bearer' };

/** The list sorted by id: its order is the store's, not part of the contract. */
const byId = (list: unknown) => (list as { id: string; active: boolean }[]).sort((a, b) => a.id.localeCompare(b.id));

const twilio = twilioFakeForFile();

describe('SMS codes', () => {
  let server: TestServer;
  let client: TestClient;
  let userId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    userId = (await createUser(server.app)).user_id;
    twilio.fail(null);
    twilio.requests.length = 0;
  });
  afterEach(() => server.close());

  const login = (extra: Record<string, string> = {}) => loginForMfaToken(server.app, client, { scope: 'openid profile email', ...extra });

  /** Enrolls PHONE by SMS and confirms it with the code the fake received; returns the sms authenticator id. */
  async function enroll(messageTypes: ('sms' | 'voice')[] = ['sms']): Promise<string> {
    await configureTwilio(server.app, twilio, messageTypes);
    const mfaToken = await login();
    const association = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
    const confirm = await oobGrant(server.app, client, mfaToken, association.oob_code, twilio.lastCode(PHONE));
    expect(confirm.statusCode).toBe(200);
    const list = json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { id: string }[];
    return list.find((entry) => entry.id.startsWith('sms|'))?.id ?? '';
  }

  it('enrolls a phone: the code goes out by SMS, and binding it signs the user in and activates the authenticator', async () => {
    await configureTwilio(server.app, twilio);
    const mfaToken = await login();
    const response = await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE });
    expect(body(response)).toEqual({
      status: 200,
      body: { authenticator_type: 'oob', binding_method: 'prompt', recovery_codes: [expect.stringMatching(/^[A-Z0-9]{24}$/)], oob_channel: 'sms', oob_code: expect.stringMatching(OOB_CODE) },
    });
    expect(response.headers['cache-control']).toBe('no-store');
    const [sms] = twilio.messages();
    const code = twilio.lastCode(PHONE) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(sms?.params).toEqual({ To: PHONE, From: SMS_FROM, Body: `${code} is your verification code for Tessera Test. Please enter this code to verify your enrollment.` });

    const list = async () => byId(json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })));
    expect(await list()).toEqual([
      { id: expect.stringMatching(/^recovery-code\|dev_/), authenticator_type: 'recovery-code', active: false },
      { id: expect.stringMatching(SMS_ID), authenticator_type: 'oob', oob_channel: 'sms', name: MASKED_PHONE, active: false },
    ]);
    const { oob_code: oobCode } = json(response) as { oob_code: string };
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual({ status: 200, body: TOKENS });
    expect((await list()).map((entry) => entry.active)).toEqual([true, true]);
    expect((await auditRows(server, 'gd_send_sms', 'gd_start_enroll', 'gd_enrollment_complete', 'gd_auth_succeed', 'seoobft')).map((row) => row.type)).toEqual([
      'gd_send_sms', 'gd_start_enroll', 'gd_enrollment_complete', 'gd_auth_succeed', 'seoobft',
    ]);
    // The code is in no log row.
    expect(JSON.stringify(await auditRows(server))).not.toContain(code);
  });

  it('challenges the enrolled phone: a fresh code by SMS; a wrong code, a missing one, a replay and an expired one are refused', async () => {
    const smsId = await enroll();
    const mfaToken = await login();
    const sent = await challenge(server.app, client, mfaToken, { challenge_type: 'oob', authenticator_id: smsId });
    expect(body(sent)).toEqual({ status: 200, body: { challenge_type: 'oob', oob_code: expect.stringMatching(OOB_CODE), binding_method: 'prompt' } });
    const code = twilio.lastCode(PHONE) ?? '';
    expect(twilio.messages().at(-1)?.params.Body).toBe(`${code} is your verification code for Tessera Test`);
    const { oob_code: oobCode } = json(sent) as { oob_code: string };

    expect(body(await oobGrant(server.app, client, mfaToken, oobCode))).toEqual({ status: 400, body: { error: 'invalid_request', error_description: 'binding_code is required' } });
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, otherCode(code)))).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'Invalid binding_code.' } });
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual({ status: 200, body: TOKENS });
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'Invalid oob_code.' } });

    const later = await login();
    const { oob_code: expiring } = json(await challenge(server.app, client, later, { challenge_type: 'oob' })) as { oob_code: string };
    const late = twilio.lastCode(PHONE) ?? '';
    server.clock.advance(5 * 60_000);
    expect(body(await oobGrant(server.app, client, later, expiring, late))).toEqual({ status: 403, body: { error: 'expired_token', error_description: 'oob_code is expired' } });
    expect((await auditRows(server, 'gd_auth_failed')).map((row) => row.details)).toEqual([
      { factor: 'sms', reason: 'Invalid binding_code', authenticator: { id: smsId, type: 'sms' } },
    ]);
  });

  it('of 50 parallel redemptions of one right code exactly one signs in', async () => {
    const smsId = await enroll();
    const mfaToken = await login();
    const { oob_code: oobCode } = json(await challenge(server.app, client, mfaToken, { authenticator_id: smsId })) as { oob_code: string };
    const code = twilio.lastCode(PHONE) ?? '';
    const answers = await Promise.all(Array.from({ length: 50 }, () => oobGrant(server.app, client, mfaToken, oobCode, code)));
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(1);
    // The losers lost the race to spend it (or, if many held an attempt at once, found the bucket empty).
    const refusals = new Set(answers.filter((answer) => answer.statusCode !== 200).map((answer) => answer.body));
    const allowed = [
      JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid oob_code.' }),
      JSON.stringify({ error: 'too_many_attempts', error_description: 'Too many failed codes. Wait for some minutes before retrying.' }),
    ];
    expect([...refusals].filter((refusal) => !allowed.includes(refusal))).toEqual([]);
  });

  it('ten wrong codes lock the user out of every code factor (the OTP bucket) until it refills', async () => {
    await enroll();
    const mfaToken = await login();
    const { oob_code: oobCode } = json(await challenge(server.app, client, mfaToken)) as { oob_code: string };
    const code = twilio.lastCode(PHONE) ?? '';
    for (let i = 0; i < 10; i++) expect((await oobGrant(server.app, client, mfaToken, oobCode, otherCode(code))).statusCode).toBe(403);
    const locked = { status: 429, body: { error: 'too_many_attempts', error_description: 'Too many failed codes. Wait for some minutes before retrying.' } };
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual(locked);
    expect(await auditRows(server, 'gd_otp_rate_limit_exceed')).toHaveLength(1);
    // One attempt refills in 6 minutes; by then that code has expired, so a fresh challenge.
    server.clock.advance(6 * 60_000);
    const fresh = await login();
    const { oob_code: next } = json(await challenge(server.app, client, fresh)) as { oob_code: string };
    expect((await oobGrant(server.app, client, fresh, next, twilio.lastCode(PHONE))).statusCode).toBe(200);
  });

  it('sends 10 messages per user, then one an hour: the 11th answers too_many_sms and sends nothing', async () => {
    await enroll();
    const mfaToken = await login();
    for (let i = 0; i < 9; i++) expect((await challenge(server.app, client, mfaToken)).statusCode).toBe(200);
    const sent = twilio.messages().length;
    const refused = await challenge(server.app, client, mfaToken);
    expect(body(refused)).toEqual({
      status: 429, body: { error: 'too_many_sms', error_description: 'Too many SMS or voice messages sent to this user. Wait an hour before retrying.' },
    });
    expect(refused.headers).toMatchObject(rateLimitHeaders(10, server.clock.now() + 60 * 60_000));
    expect(twilio.messages()).toHaveLength(sent);
    server.clock.advance(60 * 60_000);
    const fresh = await login();
    expect((await challenge(server.app, client, fresh)).statusCode).toBe(200);
    expect((await challenge(server.app, client, fresh)).statusCode).toBe(429);
  });

  it.each<[string, Parameters<TwilioFake['fail']>[0], string]>([
    ['a Twilio 500', { status: 500 }, 'Twilio failed to take the request (HTTP 500, error 20500).'],
    ['an invalid number (400, 21211)', 'invalid-number', 'Twilio says the phone number is not valid (HTTP 400, error 21211).'],
  ])('a provider failure (%s) answers an error the client can show, audited, leaving no usable transaction', async (_label, failure, message) => {
    const smsId = await enroll();
    const before = (await oobRows(server)).length;
    const mfaToken = await login();
    twilio.fail(failure, 1);
    expect(body(await challenge(server.app, client, mfaToken, { authenticator_id: smsId }))).toEqual({ status: 502, body: { error: 'error_sending_sms', error_description: message } });
    expect(await oobRows(server)).toHaveLength(before);
    const [failed] = await auditRows(server, 'gd_send_sms_failure');
    expect(failed?.details).toEqual({
      authenticator: { id: smsId, type: 'sms', phone_number: PHONE }, provider: 'twilio',
      provider_error: { errorCode: failure === 'invalid-number' ? '21211' : '20500', message },
    });
  });

  it('an enrollment whose SMS fails leaves no authenticator behind', async () => {
    await configureTwilio(server.app, twilio);
    const mfaToken = await login();
    twilio.fail({ status: 503 }, 1);
    expect(body(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE }))).toEqual({
      status: 502, body: { error: 'error_sending_sms', error_description: 'Twilio failed to take the request (HTTP 503, error 20503).' },
    });
    const list = json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { authenticator_type: string }[];
    expect(list.filter((entry) => entry.authenticator_type === 'oob')).toEqual([]);
    expect(await oobRows(server)).toEqual([]);
  });

  it.each([['a number without +', '14155550123'], ['letters', '+1415555CALL'], ['too short', '+1234'], ['a leading zero', '+04155550123']])(
    'refuses %s as the phone number: 400 invalid_phone_number, nothing sent',
    async (_label, phone) => {
      await configureTwilio(server.app, twilio);
      const mfaToken = await login();
      expect(body(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: phone }))).toEqual({
        status: 400, body: { error: 'invalid_phone_number', error_description: 'The provided phone number is invalid' },
      });
      expect(twilio.requests).toEqual([]);
    },
  );

  it('with voice offered too, enrolling SMS creates the linked sms/voice pair; deleting either removes both', async () => {
    const smsId = await enroll(['sms', 'voice']);
    const linkId = smsId.split('|')[1];
    const mfaToken = await login({ audience: MFA_AUDIENCE, scope: 'remove:authenticators read:authenticators' });
    const { oob_code: oobCode } = json(await challenge(server.app, client, mfaToken, { authenticator_id: smsId })) as { oob_code: string };
    const { access_token: accessToken } = json(await oobGrant(server.app, client, mfaToken, oobCode, twilio.lastCode(PHONE))) as { access_token: string };
    const list = async () => byId(json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${accessToken}` } })));
    expect(await list()).toEqual([
      { id: expect.stringMatching(/^recovery-code\|dev_/), authenticator_type: 'recovery-code', active: true },
      { id: smsId, authenticator_type: 'oob', oob_channel: 'sms', name: MASKED_PHONE, active: true },
      { id: `voice|${linkId}`, authenticator_type: 'oob', oob_channel: 'voice', name: MASKED_PHONE, active: true },
    ]);
    const removed = await server.app.inject({ method: 'DELETE', url: `/mfa/authenticators/${encodeURIComponent(`voice|${linkId}`)}`, headers: { authorization: `Bearer ${accessToken}` } });
    expect(removed.statusCode).toBe(204);
    expect(await list()).toEqual([{ id: expect.stringMatching(/^recovery-code\|dev_/), authenticator_type: 'recovery-code', active: true }]);
    expect(userId).toMatch(/^auth0\|/);
  });

  it('a verified email is listed as an email authenticator, and deleting it is refused', async () => {
    const smsId = await enroll();
    const token = await managementToken(server.app);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/email', { enabled: true }, token);
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { email_verified: true }, token);
    const mfaToken = await login({ audience: MFA_AUDIENCE, scope: 'remove:authenticators read:authenticators' });
    const { oob_code: oobCode } = json(await challenge(server.app, client, mfaToken, { authenticator_id: smsId })) as { oob_code: string };
    const { access_token: accessToken } = json(await oobGrant(server.app, client, mfaToken, oobCode, twilio.lastCode(PHONE))) as { access_token: string };
    const list = byId(json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${accessToken}` } })));
    const email = list.find((entry) => entry.id.startsWith('email|'));
    expect(email).toEqual({ id: expect.stringMatching(/^email\|dev_/), authenticator_type: 'oob', oob_channel: 'email', name: 'ada@example.com', active: true });
    const refused = await server.app.inject({ method: 'DELETE', url: `/mfa/authenticators/${encodeURIComponent(email?.id ?? '')}`, headers: { authorization: `Bearer ${accessToken}` } });
    expect(body(refused)).toEqual({ status: 403, body: { error: 'access_denied', error_description: 'A verified email is an authenticator only while it is verified: it cannot be deleted.' } });
  });

  it('a confirmed phone shows in mfa_required, the user\'s Management authentication methods and enrollments', async () => {
    const smsId = await enroll(['sms', 'voice']);
    const confirmedAt = new Date(server.clock.now()).toISOString();
    const linkId = smsId.split('|')[1] ?? '';
    const response = await tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: 'ada@example.com', password: PASSWORD });
    expect((json(response) as { mfa_requirements: unknown }).mfa_requirements).toEqual({ challenge: [{ type: 'phone' }, { type: 'recovery-code' }] });
    const token = await managementToken(server.app);
    const methods = json(await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`, undefined, token)) as { type: string }[];
    expect(methods.find((method) => method.type === 'phone')).toEqual({
      id: `phone|${linkId}`, type: 'phone', confirmed: true, name: PHONE, phone_number: PHONE, preferred_authentication_method: 'sms',
      authentication_methods: [{ id: smsId, type: 'sms' }, { id: `voice|${linkId}`, type: 'voice' }], link_id: linkId,
      // The code that confirmed it signed the user in: its last use, as an OTP confirmation's is.
      created_at: confirmedAt, enrolled_at: confirmedAt, last_auth_at: confirmedAt,
    });
    const enrollments = json(await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/enrollments`, undefined, token));
    expect(enrollments).toEqual([{ id: linkId, status: 'confirmed', type: 'phone', name: PHONE, phone_number: '+14XXXXX0123', auth_method: 'sms', enrolled_at: confirmedAt, last_auth: confirmedAt }]);
  });
});
