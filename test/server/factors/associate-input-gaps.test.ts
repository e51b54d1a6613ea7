import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';
import { associate, body, challenge, oobGrant, oobRows, PHONE, recordingDelivery } from '../../helpers/code-factors.js';

/**
 * What `/mfa/associate` refuses for the code factors, each with its exact body and nothing sent or
 * stored; and the code's 5 minutes, to the millisecond.
 */

let server: TestServer;
let client: TestClient;
const recording = recordingDelivery();
const sent = recording.sent;

beforeEach(async () => {
  sent.length = 0;
  server = await buildTestServer({ codeDelivery: recording });
  client = await createClient(server.app);
  await createUser(server.app);
  const token = await managementToken(server.app);
  for (const [url, payload] of [['/api/v2/guardian/policies', ['all-applications']], ['/api/v2/guardian/factors/sms', { enabled: true }]] as [string, unknown][]) {
    expect((await mgmt(server.app, 'PUT', url, payload, token)).statusCode).toBe(200);
  }
});
afterEach(() => server.close());

describe('/mfa/associate refuses', () => {
  const missing = (name: string) => ({ error: 'invalid_request', error_description: `Missing required parameter: ${name}` });
  const disabled = (factor: string) => ({ error: 'access_denied', error_description: `The ${factor} factor is not enabled.` });
  const badEmail = { error: 'invalid_request', error_description: 'email must be a valid email address' };
  it.each<[string, Record<string, unknown>, boolean, number, Record<string, string>]>([
    ['sms without a phone number', { oob_channels: ['sms'] }, false, 400, missing('phone_number')],
    ['voice while only sms is offered', { oob_channels: ['voice'], phone_number: PHONE }, false, 403, disabled('voice')],
    ['email while the email factor is off', { oob_channels: ['email'], email: 'ada@example.com' }, false, 403, disabled('email')],
    ['a malformed email', { oob_channels: ['email'], email: 'ada@' }, true, 400, badEmail],
    ['an email past 254 characters', { oob_channels: ['email'], email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com` }, true, 400, badEmail],
  ])('%s', async (_label, input, emailOn, status, expected) => {
    if (emailOn) await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/email', { enabled: true }, await managementToken(server.app));
    const mfaToken = await loginForMfaToken(server.app, client);
    const response = await associate(server.app, mfaToken, { authenticator_types: ['oob'], ...input });
    expect(body(response)).toEqual({ status, body: expected });
    expect(sent).toEqual([]);
    expect(await oobRows(server)).toEqual([]);
  });
});

describe('a code lives 5 minutes', () => {
  it('a millisecond before, it signs in; at 5 minutes, expired_token', async () => {
    const mfaToken = await loginForMfaToken(server.app, client);
    const { oob_code: enrolling } = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
    server.clock.advance(5 * 60_000 - 1);
    expect((await oobGrant(server.app, client, mfaToken, enrolling, sent[0]?.code)).statusCode).toBe(200);
    const later = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await challenge(server.app, client, later)) as { oob_code: string };
    server.clock.advance(5 * 60_000);
    expect(body(await oobGrant(server.app, client, later, oobCode, sent[1]?.code))).toEqual({ status: 403, body: { error: 'expired_token', error_description: 'oob_code is expired' } });
  });
});
