import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer, type TestServerOptions } from '../../helpers/server.js';
import { twilioFakeForFile } from '../../helpers/twilio.js';
import { associate, body, challenge, configureTwilio, oobGrant, oobRows, PHONE, SMS_FROM } from '../../helpers/code-factors.js';
import { startWebhookReceiver, type WebhookReceiver } from '../delivery/webhook-receiver.js';

/**
 * The phone providers as the server drives them (not the delivery modules alone): Twilio's Messages and
 * Calls API on loopback with Basic auth checked there, and the signed custom webhook whose receiver checks
 * the HMAC. A refused or silent provider answers an exact 502, is audited, and leaves nothing redeemable.
 * The retry backoff and the request timeout are injected (ServerDeps.deliveryIo): no test waits on them.
 */

const SECRET = 'whsec_6b1e0f2d4c8a9e7f5d3b1a0c2e4f6a8b';
const SERVICE_SID = `MG${'0123456789abcdef'.repeat(2)}`;
const TOKENS = { access_token: expect.any(String), expires_in: 86400, token_type: 'Bearer' };
const OOB_CODE = expect.stringMatching(/^[A-Za-z0-9_-]{43}$/);

const twilio = twilioFakeForFile();

let server: TestServer;
let client: TestClient;
let delays: number[];
/** `timeoutMs` only where the provider never answers: a live one on a busy machine may be slower than that. */
async function start(options: TestServerOptions = {}, timeoutMs?: number): Promise<void> {
  delays = [];
  const sleep = async (ms: number) => void (delays.push(ms), server.clock.advance(ms));
  server = await buildTestServer({ deliveryIo: { sleep, ...(timeoutMs ? { timeoutMs } : {}) }, ...options });
  client = await createClient(server.app);
  await createUser(server.app);
}
beforeEach(() => {
  twilio.fail(null);
  twilio.requests.length = 0;
});
afterEach(() => server.close());

async function put(url: string, payload: unknown): Promise<void> {
  const response = await mgmt(server.app, 'PUT', url, payload, await managementToken(server.app));
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
}
const enrollPhone = (mfaToken: string, channel: 'sms' | 'voice' = 'sms') =>
  associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: [channel], phone_number: PHONE });
/** Everything `GET /mfa/authenticators` lists, inactive rows too (a pending recovery code included). */
const authenticators = async (mfaToken: string) => json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } }));

describe('Twilio, through the server', () => {
  it('a Messaging Service configured instead of From: the SMS names it, and its code signs in', async () => {
    await start();
    await configureTwilio(server.app, twilio);
    await put('/api/v2/guardian/factors/phone/providers/twilio', { sid: twilio.accountSid, auth_token: twilio.authToken, from: null, messaging_service_sid: SERVICE_SID });
    const mfaToken = await loginForMfaToken(server.app, client);
    const association = await enrollPhone(mfaToken);
    expect(body(association)).toEqual({ status: 200, body: { authenticator_type: 'oob', binding_method: 'prompt', recovery_codes: [expect.any(String)], oob_channel: 'sms', oob_code: OOB_CODE } });
    const code = twilio.lastCode(PHONE) ?? '';
    expect(twilio.messages().map((sms) => sms.params)).toEqual([
      { To: PHONE, MessagingServiceSid: SERVICE_SID, Body: `${code} is your verification code for Tessera Test. Please enter this code to verify your enrollment.` },
    ]);
    const { oob_code: oobCode } = json(association) as { oob_code: string };
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual({ status: 200, body: TOKENS });
  });

  it('voice: Calls.json with TwiML that says the code digit by digit; gd_send_voice is logged with the call sid', async () => {
    await start();
    await configureTwilio(server.app, twilio, ['voice']);
    const mfaToken = await loginForMfaToken(server.app, client);
    const association = await enrollPhone(mfaToken, 'voice');
    expect(body(association)).toEqual({
      status: 200, body: { authenticator_type: 'oob', binding_method: 'prompt', recovery_codes: [expect.stringMatching(/^[A-Z0-9]{24}$/)], oob_channel: 'voice', oob_code: OOB_CODE },
    });
    const code = twilio.lastCode(PHONE) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const [call] = twilio.calls();
    const spoken = [...code].map((digit) => `<Say>${digit}</Say><Pause length="1"/>`).join('');
    expect(call?.params).toEqual({ To: PHONE, From: SMS_FROM, Twiml: expect.stringContaining(spoken) });
    expect(twilio.messages()).toEqual([]);
    const { oob_code: oobCode } = json(association) as { oob_code: string };
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual({ status: 200, body: TOKENS });
    const [sent] = await auditRows(server, 'gd_send_voice');
    expect(sent?.details).toEqual({ authenticator: { id: expect.stringMatching(/^voice\|dev_/), type: 'voice', phone_number: PHONE }, provider: 'twilio', message_id: call?.answer?.sid });
  });

  it.each<[string, () => Promise<void>, string, string, number | undefined]>([
    ['a wrong auth token (Twilio 401, 20003)', () => put('/api/v2/guardian/factors/phone/providers/twilio', { sid: twilio.accountSid, auth_token: 'not-the-token' }),
      'Twilio refused the account SID or auth token (HTTP 401, error 20003).', '20003', undefined],
    ['a Twilio that never answers', async () => twilio.fail('stall', 1), 'Twilio did not answer within 0.2 s.', 'retryable', 200],
  ])('%s: the enrollment answers an exact 502, is audited, and leaves nothing behind', async (_label, breakIt, message, errorCode, timeoutMs) => {
    await start({}, timeoutMs);
    await configureTwilio(server.app, twilio);
    await breakIt();
    const mfaToken = await loginForMfaToken(server.app, client);
    expect(body(await enrollPhone(mfaToken))).toEqual({ status: 502, body: { error: 'error_sending_sms', error_description: message } });
    expect(await oobRows(server)).toEqual([]);
    expect(await authenticators(mfaToken)).toEqual([]);
    const failures = await auditRows(server, 'gd_send_sms_failure', 'gd_send_sms', 'gd_start_enroll');
    expect(failures.map((row) => [row.type, row.description, row.details])).toEqual([
      ['gd_send_sms_failure', message, { authenticator: { id: expect.stringMatching(/^sms\|dev_/), type: 'sms', phone_number: PHONE }, provider: 'twilio', provider_error: { errorCode, message } }],
    ]);
  });

  it('voice with only a Messaging Service (it sends SMS only): a 502 naming what is missing, before any call', async () => {
    await start();
    await configureTwilio(server.app, twilio, ['voice']);
    await put('/api/v2/guardian/factors/phone/providers/twilio', { sid: twilio.accountSid, from: null, messaging_service_sid: SERVICE_SID });
    const mfaToken = await loginForMfaToken(server.app, client);
    expect(body(await enrollPhone(mfaToken, 'voice'))).toEqual({ status: 502, body: { error: 'error_sending_sms', error_description: 'Twilio needs a From number to place voice calls.' } });
    expect(twilio.requests).toEqual([]);
    expect(await auditRows(server, 'gd_send_voice_failure')).toHaveLength(1);
  });
});

describe('the custom webhook, through the server', () => {
  let receiver: WebhookReceiver;
  afterEach(() => receiver.close());

  async function useWebhook(): Promise<void> {
    await start();
    receiver = await startWebhookReceiver(SECRET, server.clock);
    for (const [url, payload] of [
      ['/api/v2/guardian/policies', ['all-applications']],
      ['/api/v2/guardian/factors/sms', { enabled: true }],
      ['/api/v2/guardian/factors/phone/providers/custom', { url: receiver.url, secret: SECRET }],
      ['/api/v2/guardian/factors/phone/selected-provider', { provider: 'custom' }],
    ] as [string, unknown][]) await put(url, payload);
  }

  it('a receiver failing twice then taking it: retried with backoff, each attempt signed, and the code signs in', async () => {
    await useWebhook();
    receiver.script(503, 500);
    const mfaToken = await loginForMfaToken(server.app, client);
    const association = await enrollPhone(mfaToken);
    expect(body(association)).toEqual({ status: 200, body: { authenticator_type: 'oob', binding_method: 'prompt', oob_channel: 'sms', oob_code: OOB_CODE } });
    expect(receiver.deliveries.map((d) => [d.status, d.verification.valid])).toEqual([[503, true], [500, true], [200, true]]);
    expect(delays).toEqual([500, 1000]);
    const { code } = JSON.parse(receiver.deliveries[2]?.body ?? '{}') as { code: string };
    const { oob_code: oobCode } = json(association) as { oob_code: string };
    expect(body(await oobGrant(server.app, client, mfaToken, oobCode, code))).toEqual({ status: 200, body: TOKENS });
    expect((await auditRows(server, 'gd_send_sms')).map((row) => row.details)).toEqual([
      { authenticator: { id: expect.stringMatching(/^sms\|dev_/), type: 'sms', phone_number: PHONE }, provider: 'custom', message_id: 'msg_3' },
    ]);
  });

  it('a receiver that always fails: 502 after the last attempt, the failure audited, nothing redeemable left', async () => {
    await useWebhook();
    receiver.script(503, 503, 503);
    const mfaToken = await loginForMfaToken(server.app, client);
    const message = 'The webhook failed: HTTP 503 (after 3 attempts).';
    expect(body(await enrollPhone(mfaToken))).toEqual({ status: 502, body: { error: 'error_sending_sms', error_description: message } });
    expect(receiver.deliveries).toHaveLength(3);
    expect(await oobRows(server)).toEqual([]);
    expect(await authenticators(mfaToken)).toEqual([]);
    expect((await auditRows(server, 'gd_send_sms_failure')).map((row) => [row.description, row.details])).toEqual([
      [message, { authenticator: { id: expect.stringMatching(/^sms\|dev_/), type: 'sms', phone_number: PHONE }, provider: 'custom', provider_error: { errorCode: '503', message } }],
    ]);
  });

  it('a receiver holding another secret refuses the signature (401): final at once, no retry', async () => {
    await useWebhook();
    await put('/api/v2/guardian/factors/phone/providers/custom', { url: receiver.url, secret: `${SECRET}-rotated` });
    const mfaToken = await loginForMfaToken(server.app, client);
    expect(body(await enrollPhone(mfaToken))).toEqual({ status: 502, body: { error: 'error_sending_sms', error_description: 'The webhook refused the message: HTTP 401.' } });
    expect(receiver.deliveries.map((d) => d.verification)).toEqual([{ valid: false, reason: 'mismatch' }]);
    expect(delays).toEqual([]);
  });
});

describe('the server log', () => {
  it('carries no code of any channel: SMS and voice by Twilio, SMS by the webhook, sent and failed alike', async () => {
    const lines: string[] = [];
    await start({ logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } } });
    await configureTwilio(server.app, twilio, ['sms', 'voice']);
    const codes: string[] = [];
    const mfaToken = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await enrollPhone(mfaToken)) as { oob_code: string };
    codes.push(twilio.lastCode(PHONE) ?? '');
    expect((await oobGrant(server.app, client, mfaToken, oobCode, codes[0])).statusCode).toBe(200);
    const ids = (json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } })) as { id: string }[]).map((e) => e.id);
    const voiceId = ids.find((id) => id.startsWith('voice|')) ?? '';
    const later = await loginForMfaToken(server.app, client);
    expect((await challenge(server.app, client, later, { authenticator_id: voiceId })).statusCode).toBe(200);
    codes.push(twilio.lastCode(PHONE) ?? '');
    // A Twilio-compatible gateway that quotes the body back in its error: still not logged.
    twilio.fail({ status: 500 }, 1);
    expect((await challenge(server.app, client, later, { authenticator_id: voiceId })).statusCode).toBe(502);
    codes.push(twilio.requests.at(-1)?.params.Twiml?.match(/<Say>\d<\/Say>/g)?.map((say) => say.replace(/\D/g, '')).join('').slice(0, 6) ?? '');

    const receiver = await startWebhookReceiver(SECRET, server.clock);
    try {
      await put('/api/v2/guardian/factors/phone/providers/custom', { url: receiver.url, secret: SECRET });
      await put('/api/v2/guardian/factors/phone/selected-provider', { provider: 'custom' });
      receiver.script(500);
      expect((await challenge(server.app, client, later, { authenticator_id: ids.find((id) => id.startsWith('sms|')) ?? '' })).statusCode).toBe(200);
      codes.push((JSON.parse(receiver.deliveries.at(-1)?.body ?? '{}') as { code: string }).code);
    } finally {
      await receiver.close();
    }
    expect(codes).toEqual([expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/)]);
    const log = lines.join('');
    expect(log).toContain('"url":"/mfa/challenge"');
    // As a number of its own (a longer run of digits, such as a timestamp, may hold any six by chance).
    for (const code of codes) {
      expect(log).not.toMatch(new RegExp(`(?<![\\d.])${code}(?![\\d.])`));
      expect(log).not.toContain([...code].join('.'));
    }
    expect(log).not.toContain(twilio.authToken);
    expect(log).not.toContain(SECRET);
  });
});
