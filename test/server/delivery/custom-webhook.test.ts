import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomWebhookDelivery, type CustomWebhookOptions } from '../../../server/delivery/custom-webhook.js';
import { DEFAULT_PHONE_TEMPLATES } from '../../../server/delivery/templates.js';
import type { DeliveryRequest } from '../../../server/delivery/types.js';
import { fixedClock, type FixedClock } from '../../helpers/clock.js';
import { everythingIn, failureOf } from './delivery-error.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** The custom phone provider against a real loopback receiver that checks the signature itself. */

const SECRET = 'whsec_5f1d0c3e8a2b4f6e9d7c1a0b3e5f7a9c';
const CODE = '048213';
const SMS: DeliveryRequest = { channel: 'sms', to: '+14155550123', code: CODE, template: DEFAULT_PHONE_TEMPLATES.verification_message, tenantName: 'Tessera' };

let clock: FixedClock;
let receiver: WebhookReceiver;
let delays: number[];
beforeEach(async () => {
  clock = fixedClock();
  receiver = await startWebhookReceiver(SECRET, clock);
  delays = [];
});
afterEach(() => receiver.close());

/** The sleep between attempts records its delay and moves the clock instead of waiting. */
const delivery = (overrides: Partial<CustomWebhookOptions> = {}) =>
  createCustomWebhookDelivery({
    url: receiver.url,
    secret: SECRET,
    clock,
    sleep: async (ms) => {
      delays.push(ms);
      clock.advance(ms);
    },
    ...overrides,
  });

describe('a delivered message', () => {
  it('is the exact JSON body, signed over its bytes with the time, and named by the receiver\'s id', async () => {
    const result = await delivery().send(SMS);
    const [received] = receiver.deliveries;
    expect(receiver.deliveries).toHaveLength(1);
    expect(received?.body).toBe(
      '{"recipient":"+14155550123","channel":"sms","code":"048213","message":"048213 is your verification code for Tessera"}',
    );
    expect(received?.headers['content-type']).toBe('application/json');
    // The example in server/delivery/README.md.
    expect(received?.headers['x-tessera-signature']).toBe('t=1795435200,v1=0574f8bca7451100e3f0fc669a81cf86abfbea160b769ad65257e4367e6e1571');
    expect(received?.verification).toEqual({ valid: true, timestamp: Math.floor(clock.now() / 1000) });
    expect(result).toEqual({ provider: 'custom', messageId: 'msg_1' });
  });

  it('is named by its signature when the receiver answers without an id', async () => {
    receiver.script(204);
    const result = await delivery().send(SMS);
    const header = String(receiver.deliveries[0]?.headers['x-tessera-signature']);
    expect(result).toEqual({ provider: 'custom', messageId: header.slice(header.indexOf('v1=') + 3) });
    expect(result.messageId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('separates a voice code\'s digits with dots in the message, as Auth0 does, and keeps `code` as typed', async () => {
    await delivery().send({ ...SMS, channel: 'voice', template: 'Your code: {{pause}}{{code}}' });
    expect(JSON.parse(receiver.deliveries[0]?.body ?? '')).toEqual({ recipient: '+14155550123', channel: 'voice', code: CODE, message: 'Your code: 0.4.8.2.1.3' });
  });
});

describe('failures and retries', () => {
  it('a receiver holding another secret answers 401: refused at once, not retried', async () => {
    const failure = await failureOf(delivery({ secret: 'whsec_someone_else' }).send(SMS));
    expect(failure).toEqual({ name: 'DeliveryError', provider: 'custom', retryable: false, providerCode: '401', message: 'The webhook refused the message: HTTP 401.' });
    expect(receiver.deliveries.map((d) => d.verification)).toEqual([{ valid: false, reason: 'mismatch' }]);
    expect(delays).toEqual([]);
  });

  it('5xx answers are retried with doubling waits, each attempt signed afresh, until one succeeds', async () => {
    receiver.script(503, 502);
    const result = await delivery().send(SMS);
    expect(result).toEqual({ provider: 'custom', messageId: 'msg_3' });
    expect(receiver.deliveries.map((d) => d.status)).toEqual([503, 502, 200]);
    expect(delays).toEqual([500, 1000]);
    const start = Math.floor(fixedClock().now() / 1000);
    expect(receiver.deliveries.map((d) => d.verification)).toEqual([
      { valid: true, timestamp: start },
      { valid: true, timestamp: start },
      { valid: true, timestamp: start + 1 },
    ]);
    expect(new Set(receiver.deliveries.map((d) => d.body)).size).toBe(1);
  });

  it('gives up after the last attempt with a retryable error that says how many were made', async () => {
    receiver.script(503, 503, 503);
    const failure = await failureOf(delivery().send(SMS));
    expect(failure).toEqual({ name: 'DeliveryError', provider: 'custom', retryable: true, providerCode: '503', message: 'The webhook failed: HTTP 503 (after 3 attempts).' });
    expect(receiver.deliveries).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
    receiver.script(500, 500, 500, 500, 500);
    await failureOf(delivery({ maxAttempts: 5, baseDelayMs: 100 }).send(SMS));
    expect(delays.slice(2)).toEqual([100, 200, 400, 800]);
    expect(receiver.deliveries).toHaveLength(8);
  });

  it('a receiver that hangs times out and is tried again', async () => {
    receiver.script('hang');
    expect(await delivery({ timeoutMs: 200 }).send(SMS)).toEqual({ provider: 'custom', messageId: 'msg_2' });
    receiver.script('hang', 'hang');
    const failure = await failureOf(delivery({ timeoutMs: 200, maxAttempts: 2 }).send(SMS));
    expect(failure).toEqual({ name: 'DeliveryError', provider: 'custom', retryable: true, providerCode: undefined, message: 'The webhook did not answer within 0.2 s (after 2 attempts).' });
  });

  it('a 4xx other than 429 and a redirect are final; 429 is retried', async () => {
    receiver.script(400);
    const refused = await failureOf(delivery().send(SMS));
    receiver.script(302);
    const redirected = await failureOf(delivery().send(SMS));
    receiver.script(429);
    await delivery().send(SMS);
    expect([refused.message, redirected.message]).toEqual(['The webhook refused the message: HTTP 400.', 'The webhook refused the message: HTTP 302 (redirects are not followed).']);
    expect(receiver.deliveries.map((d) => d.status)).toEqual([400, 302, 429, 200]);
    expect(delays).toEqual([500]);
  });

  it('a recipient that is not an E.164 number is refused without an attempt', async () => {
    const failure = await failureOf(delivery().send({ ...SMS, to: '4155550123' }));
    expect(failure).toEqual({ name: 'DeliveryError', provider: 'custom', retryable: false, providerCode: undefined, message: 'The provided phone number is invalid.' });
    expect(receiver.deliveries).toEqual([]);
  });

  it('a URL that is not http(s) is refused without an attempt', async () => {
    const failure = await failureOf(delivery({ url: 'file:///etc/passwd' }).send(SMS));
    expect(failure).toEqual({ name: 'DeliveryError', provider: 'custom', retryable: false, providerCode: undefined, message: 'The webhook URL is not an absolute http(s) URL.' });
    expect(delays).toEqual([]);
  });

  it('never puts the code, the secret or the URL (whose query may hold a token) in what it throws', async () => {
    const errors: unknown[] = [];
    const attempt = (options: Partial<CustomWebhookOptions>) => delivery(options).send(SMS).catch((e: unknown) => errors.push(e));
    await attempt({ secret: `${SECRET}-${CODE}` });
    receiver.script(500, 500);
    await attempt({ maxAttempts: 2 });
    receiver.script('hang');
    await attempt({ timeoutMs: 100, maxAttempts: 1 });
    await attempt({ url: 'http://127.0.0.1:1/?token=url-secret' });
    expect(errors).toHaveLength(4);
    for (const error of errors) {
      for (const secret of [CODE, SECRET, 'url-secret']) expect(everythingIn(error)).not.toContain(secret);
    }
  });
});
