import { afterEach, describe, expect, it } from 'vitest';
import { rateLimitHeaders } from '../../helpers/oauth.js';
import { auditRows } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';
import { associate, body, challenge, oobGrant, PHONE, recordingDelivery } from '../../helpers/code-factors.js';
import { startWebhookReceiver, type WebhookReceiver } from '../delivery/webhook-receiver.js';

/**
 * Which carrier a code takes: ServerDeps.codeDelivery (the developer outbox) for every channel when set;
 * otherwise the selected phone provider, here Tessera's signed custom webhook, checked by its receiver.
 */

const SECRET = 'whsec_0123456789abcdef0123';

async function setUp(server: TestServer, calls: [string, unknown][]): Promise<TestClient> {
  const token = await managementToken(server.app);
  for (const [url, payload] of [['/api/v2/guardian/policies', ['all-applications']] as [string, unknown], ...calls]) {
    const response = await mgmt(server.app, 'PUT', url, payload, token);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
  }
  await createUser(server.app);
  return await createClient(server.app);
}

describe('where codes go', () => {
  let server: TestServer;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await server.close();
    await receiver?.close();
    receiver = undefined;
  });

  it('ServerDeps.codeDelivery takes every channel: SMS and email alike, with no provider configured', async () => {
    const outbox = recordingDelivery('custom');
    server = await buildTestServer({ codeDelivery: outbox });
    const client = await setUp(server, [['/api/v2/guardian/factors/sms', { enabled: true }], ['/api/v2/guardian/factors/email', { enabled: true }], ['/api/v2/guardian/factors/recovery-code', { enabled: true }]]);
    const mfaToken = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
    expect(outbox.sent).toEqual([{ channel: 'sms', to: PHONE, code: expect.stringMatching(/^\d{6}$/), template: expect.stringContaining('{{code}}'), tenantName: 'Tessera Test' }]);
    expect((await oobGrant(server.app, client, mfaToken, oobCode, outbox.sent[0]?.code)).statusCode).toBe(200);

    // A verified address is an email authenticator without enrolling: listed, challengeable, never deletable.
    const users = json(await mgmt(server.app, 'GET', '/api/v2/users')) as { user_id: string }[];
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(users[0]?.user_id ?? '')}`, { email_verified: true });
    const later = await loginForMfaToken(server.app, client);
    const list = json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${later}` } })) as { id: string }[];
    const email = list.find((entry) => entry.id.startsWith('email|'));
    expect(email).toEqual({ id: expect.stringMatching(/^email\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'oob', oob_channel: 'email', name: 'ada@example.com', active: true });
    const sent = json(await challenge(server.app, client, later, { authenticator_id: email?.id ?? '' })) as { oob_code: string };
    expect(outbox.sent.at(-1)).toEqual({ channel: 'email', to: 'ada@example.com', code: expect.stringMatching(/^\d{6}$/), template: expect.stringContaining('{{code}}'), tenantName: 'Tessera Test' });
    expect((await oobGrant(server.app, client, later, sent.oob_code, outbox.sent.at(-1)?.code)).statusCode).toBe(200);
    expect(outbox.sent.map((request) => request.channel)).toEqual(['sms', 'email']);
    expect((await auditRows(server, 'gd_send_sms', 'gd_send_email')).map((row) => [row.type, row.details])).toEqual([
      ['gd_send_sms', { authenticator: { id: expect.stringMatching(/^sms\|dev_/), type: 'sms', phone_number: PHONE }, provider: 'custom', message_id: 'out_1' }],
      ['gd_send_email', { authenticator: { id: email?.id, type: 'email' }, provider: 'custom', message_id: 'out_2' }],
    ]);
  });

  it('sends 20 emails per user, then one a minute: the 21st answers too_many_emails', async () => {
    const outbox = recordingDelivery('custom');
    server = await buildTestServer({ codeDelivery: outbox });
    const client = await setUp(server, [['/api/v2/guardian/factors/email', { enabled: true }]]);
    const mfaToken = await loginForMfaToken(server.app, client);
    const association = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['email'] })) as { oob_code: string };
    expect(association).toEqual({ authenticator_type: 'oob', binding_method: 'prompt', oob_channel: 'email', oob_code: expect.any(String) });
    expect(outbox.sent[0]).toEqual({ channel: 'email', to: 'ada@example.com', code: expect.stringMatching(/^\d{6}$/), template: expect.stringContaining('{{code}}'), tenantName: 'Tessera Test' });
    expect((await oobGrant(server.app, client, mfaToken, association.oob_code, outbox.sent[0]?.code)).statusCode).toBe(200);
    const later = await loginForMfaToken(server.app, client);
    for (let i = 1; i < 20; i++) expect((await challenge(server.app, client, later)).statusCode).toBe(200);
    const refused = await challenge(server.app, client, later);
    expect(body(refused)).toEqual({
      status: 429, body: { error: 'too_many_emails', error_description: 'Too many emails sent to this user. Wait a minute before retrying.' },
    });
    expect(refused.headers).toMatchObject(rateLimitHeaders(20, server.clock.now() + 60_000));
    expect(outbox.sent).toHaveLength(20);
    server.clock.advance(60_000);
    expect((await challenge(server.app, client, later)).statusCode).toBe(200);
  });

  it('the custom provider: a signed JSON POST the receiver verifies, carrying the code the grant then accepts', async () => {
    server = await buildTestServer();
    receiver = await startWebhookReceiver(SECRET, server.clock);
    const client = await setUp(server, [
      ['/api/v2/guardian/factors/sms', { enabled: true }],
      ['/api/v2/guardian/factors/phone/providers/custom', { url: receiver.url, secret: SECRET }],
      ['/api/v2/guardian/factors/phone/selected-provider', { provider: 'custom' }],
    ]);
    const mfaToken = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE })) as { oob_code: string };
    const [delivery] = receiver.deliveries;
    expect(delivery?.verification).toEqual(expect.objectContaining({ valid: true }));
    const payload = JSON.parse(delivery?.body ?? '{}') as { code: string };
    expect(payload).toEqual({ recipient: PHONE, channel: 'sms', code: expect.stringMatching(/^\d{6}$/), message: `${payload.code} is your verification code for Tessera Test. Please enter this code to verify your enrollment.` });
    expect((await oobGrant(server.app, client, mfaToken, oobCode, payload.code)).statusCode).toBe(200);
  });

  it('no provider configured: a clear 502 in the MFA shape, and nothing enrolled', async () => {
    server = await buildTestServer();
    const client = await setUp(server, [['/api/v2/guardian/factors/sms', { enabled: true }]]);
    const mfaToken = await loginForMfaToken(server.app, client);
    expect(body(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE }))).toEqual({
      status: 502, body: { error: 'error_sending_sms', error_description: 'The Twilio provider is not configured on this server.' },
    });
    expect(json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } }))).toEqual([]);
  });
});
