import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';
import { twilioFakeForFile } from '../../helpers/twilio.js';
import { associate, challenge, configureTwilio, oobGrant, oobRows, otherCode, PHONE, recordingDelivery } from '../../helpers/code-factors.js';

/**
 * Each limit on the code factors (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy,
 * the MFA rows): 10 SMS or voice messages per user then 1 an hour, 20 emails then 1 a minute, 10 failed
 * codes then 1 per 6 minutes, shared by every code factor. Each holds when 50 requests arrive at once.
 */

const PARALLEL = 50;
const TOO_MANY_SMS = { error: 'too_many_sms', error_description: 'Too many SMS or voice messages sent to this user. Wait an hour before retrying.' };
const TOO_MANY_EMAILS = { error: 'too_many_emails', error_description: 'Too many emails sent to this user. Wait a minute before retrying.' };
const TOO_MANY_ATTEMPTS = { error: 'too_many_attempts', error_description: 'Too many failed codes. Wait for some minutes before retrying.' };
const INVALID_BINDING = { error: 'invalid_grant', error_description: 'Invalid binding_code.' };
const OOB_ANSWER = { challenge_type: 'oob', oob_code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), binding_method: 'prompt' };

/** How many answers had each (status, body), as `status body` → count. */
function tally(answers: LightMyRequestResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = `${answer.statusCode} ${answer.statusCode === 200 ? 'ok' : answer.body}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const twilio = twilioFakeForFile();

let server: TestServer;
let client: TestClient;
/** A carrier that keeps what it is given (as the outbox does): it takes every channel, so SMS too where a test uses it. */
const recording = recordingDelivery();
const emails = recording.sent;

beforeEach(() => {
  twilio.fail(null);
  twilio.requests.length = 0;
  emails.length = 0;
});
afterEach(() => server.close());

async function smsUser(): Promise<{ mfaToken: string; smsId: string }> {
  server = await buildTestServer();
  client = await createClient(server.app);
  await createUser(server.app);
  await configureTwilio(server.app, twilio);
  const enrolling = await loginForMfaToken(server.app, client);
  const { oob_code: oobCode } = json(await associate(server.app, enrolling, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
  expect((await oobGrant(server.app, client, enrolling, oobCode, twilio.lastCode(PHONE))).statusCode).toBe(200);
  const mfaToken = await loginForMfaToken(server.app, client);
  const list = json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { id: string }[];
  return { mfaToken, smsId: list.find((entry) => entry.id.startsWith('sms|'))?.id ?? '' };
}

describe('under 50 parallel requests', () => {
  it('SMS sends: the 9 left after the enrollment go out, 41 answer too_many_sms, and only sent codes are stored', async () => {
    const { mfaToken, smsId } = await smsUser();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => challenge(server.app, client, mfaToken, { authenticator_id: smsId })));
    expect(tally(answers)).toEqual({ '200 ok': 9, [`429 ${JSON.stringify(TOO_MANY_SMS)}`]: 41 });
    expect(answers.filter((a) => a.statusCode === 200).map((a) => json(a))).toEqual(Array.from({ length: 9 }, () => OOB_ANSWER));
    expect(twilio.messages()).toHaveLength(10);
    expect(await oobRows(server)).toHaveLength(10);
    expect(await auditRows(server, 'gd_send_sms')).toHaveLength(10);
  });

  it('email sends: the 19 left after the enrollment go out, 31 answer too_many_emails', async () => {
    server = await buildTestServer({ codeDelivery: recording });
    client = await createClient(server.app);
    await createUser(server.app);
    const token = await managementToken(server.app);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/email', { enabled: true }, token);
    const enrolling = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await associate(server.app, enrolling, { authenticator_types: ['oob'], oob_channels: ['email'] })) as { oob_code: string };
    expect((await oobGrant(server.app, client, enrolling, oobCode, emails[0]?.code)).statusCode).toBe(200);
    const mfaToken = await loginForMfaToken(server.app, client);
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => challenge(server.app, client, mfaToken)));
    expect(tally(answers)).toEqual({ '200 ok': 19, [`429 ${JSON.stringify(TOO_MANY_EMAILS)}`]: 31 });
    expect(emails).toHaveLength(20);
    expect(await auditRows(server, 'gd_send_email')).toHaveLength(20);
  });

  it('wrong codes: exactly 10 are checked (and logged), 40 answer too_many_attempts; then even the right code waits', async () => {
    const { mfaToken, smsId } = await smsUser();
    const { oob_code: oobCode } = json(await challenge(server.app, client, mfaToken, { authenticator_id: smsId })) as { oob_code: string };
    const code = twilio.lastCode(PHONE) ?? '';
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => oobGrant(server.app, client, mfaToken, oobCode, otherCode(code))));
    expect(tally(answers)).toEqual({ [`403 ${JSON.stringify(INVALID_BINDING)}`]: 10, [`429 ${JSON.stringify(TOO_MANY_ATTEMPTS)}`]: 40 });
    expect(await auditRows(server, 'gd_auth_failed')).toHaveLength(10);
    expect(await auditRows(server, 'gd_otp_rate_limit_exceed')).toHaveLength(1);
    const right = await oobGrant(server.app, client, mfaToken, oobCode, code);
    expect({ status: right.statusCode, body: json(right) }).toEqual({ status: 429, body: TOO_MANY_ATTEMPTS });
  });
});

describe('one send bucket for SMS and voice', () => {
  it('voice calls and SMS count together: after 10 of either, both answer too_many_sms', async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    await createUser(server.app);
    await configureTwilio(server.app, twilio, ['sms', 'voice']);
    const enrolling = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await associate(server.app, enrolling, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
    expect((await oobGrant(server.app, client, enrolling, oobCode, twilio.lastCode(PHONE))).statusCode).toBe(200);
    const mfaToken = await loginForMfaToken(server.app, client);
    const ids = (json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { id: string }[]).map((e) => e.id);
    const [smsId, voiceId] = ['sms|', 'voice|'].map((prefix) => ids.find((id) => id.startsWith(prefix)) ?? '');
    for (let i = 0; i < 9; i++) expect((await challenge(server.app, client, mfaToken, { authenticator_id: voiceId ?? '' })).statusCode).toBe(200);
    for (const id of [voiceId, smsId]) {
      const refused = await challenge(server.app, client, mfaToken, { authenticator_id: id ?? '' });
      expect({ status: refused.statusCode, body: json(refused) }).toEqual({ status: 429, body: TOO_MANY_SMS });
    }
    expect([twilio.messages().length, twilio.calls().length]).toEqual([1, 9]);
  });
});

describe('one bucket for every code factor', () => {
  it('ten wrong SMS codes lock out a right email code too', async () => {
    server = await buildTestServer({ codeDelivery: recording });
    client = await createClient(server.app);
    const userId = (await createUser(server.app)).user_id;
    const token = await managementToken(server.app);
    for (const [url, payload] of [['/api/v2/guardian/policies', ['all-applications']], ['/api/v2/guardian/factors/sms', { enabled: true }], ['/api/v2/guardian/factors/email', { enabled: true }]] as [string, unknown][]) {
      expect((await mgmt(server.app, 'PUT', url, payload, token)).statusCode).toBe(200);
    }
    const enrolling = await loginForMfaToken(server.app, client);
    const { oob_code: enrollOob } = json(await associate(server.app, enrolling, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
    expect((await oobGrant(server.app, client, enrolling, enrollOob, emails[0]?.code)).statusCode).toBe(200);
    // The user's address, once verified, is an email authenticator without enrolling.
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { email_verified: true }, token);
    const mfaToken = await loginForMfaToken(server.app, client);
    const list = json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { id: string }[];
    const [smsId, emailId] = ['sms|', 'email|'].map((prefix) => list.find((entry) => entry.id.startsWith(prefix))?.id ?? '');
    const { oob_code: smsOob } = json(await challenge(server.app, client, mfaToken, { authenticator_id: smsId ?? '' })) as { oob_code: string };
    const wrong = otherCode(emails[1]?.code ?? '');
    for (let i = 0; i < 10; i++) expect((await oobGrant(server.app, client, mfaToken, smsOob, wrong)).statusCode).toBe(403);
    const { oob_code: emailOob } = json(await challenge(server.app, client, mfaToken, { authenticator_id: emailId ?? '' })) as { oob_code: string };
    expect(emails.map((email) => email.channel)).toEqual(['sms', 'sms', 'email']);
    const right = await oobGrant(server.app, client, mfaToken, emailOob, emails[2]?.code);
    expect({ status: right.statusCode, body: json(right) }).toEqual({ status: 429, body: TOO_MANY_ATTEMPTS });
  });
});
