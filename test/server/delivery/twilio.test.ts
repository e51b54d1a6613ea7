import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PHONE_TEMPLATES } from '../../../server/delivery/templates.js';
import { createTwilioDelivery, twilioApiUrl, type TwilioOptions } from '../../../server/delivery/twilio.js';
import type { DeliveryRequest } from '../../../server/delivery/types.js';
import { closedPort } from '../../helpers/smtp.js';
import { startTwilioFake, type TwilioFake } from '../../helpers/twilio.js';
import { everythingIn, failureOf } from './delivery-error.js';

/** Twilio's REST API as a loopback server speaks it (test/helpers/twilio.ts), reached over real HTTP. */

const FROM = '+15005550006';
const TO = '+14155550123';
const CODE = '048213';
const SMS: DeliveryRequest = { channel: 'sms', to: TO, code: CODE, template: DEFAULT_PHONE_TEMPLATES.verification_message, tenantName: 'Tessera' };

let twilio: TwilioFake;
beforeEach(async () => {
  twilio = await startTwilioFake();
});
afterEach(() => twilio.close());

const delivery = (overrides: Partial<TwilioOptions> = {}) =>
  createTwilioDelivery({ apiUrl: twilio.apiUrl, accountSid: twilio.accountSid, authToken: twilio.authToken, from: FROM, ...overrides });

describe('SMS through Messages.json', () => {
  it('posts To, From and the rendered Body with Basic auth, and answers the message sid', async () => {
    const result = await delivery().send(SMS);
    const [message] = twilio.messages();
    expect(twilio.messages()).toHaveLength(1);
    expect(message?.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    expect(message?.params).toEqual({ To: TO, From: FROM, Body: '048213 is your verification code for Tessera' });
    expect(result).toEqual({ provider: 'twilio', messageId: message?.answer?.sid });
    expect(result.messageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.lastCode(TO)).toBe(CODE);
    expect(twilio.lastCode('+14155550199')).toBeUndefined();
  });

  it('names the Messaging Service instead of From when one is configured', async () => {
    await delivery({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' }).send({ ...SMS, template: DEFAULT_PHONE_TEMPLATES.enrollment_message });
    expect(twilio.messages().map((m) => m.params)).toEqual([
      {
        To: TO,
        MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
        Body: '048213 is your verification code for Tessera. Please enter this code to verify your enrollment.',
      },
    ]);
    expect(twilio.messages()[0]?.answer?.status).toBe('accepted');
  });

  it('refuses, before calling Twilio, a template that renders past the SMS bound or lacks {{code}}', async () => {
    const long = await failureOf(delivery().send({ ...SMS, template: `{{code}} ${'x'.repeat(320)}` }));
    const noCode = await failureOf(delivery().send({ ...SMS, template: 'Your code is on its way' }));
    expect([long, noCode]).toEqual([
      { name: 'DeliveryError', provider: 'twilio', retryable: false, providerCode: undefined, message: 'The SMS template renders longer than 320 characters.' },
      {
        name: 'DeliveryError',
        provider: 'twilio',
        retryable: false,
        providerCode: undefined,
        message: 'The message template cannot be used: The template must contain {{code}}.',
      },
    ]);
    expect(twilio.requests).toEqual([]);
  });
});

describe('before any request', () => {
  it.each(['sms', 'voice'] as const)('a %s to a number that is not E.164 is refused', async (channel) => {
    const failure = await failureOf(delivery().send({ ...SMS, channel, to: '+1 415 555 0123' }));
    expect(failure).toEqual({ name: 'DeliveryError', provider: 'twilio', retryable: false, providerCode: undefined, message: 'The provided phone number is invalid.' });
    expect(twilio.requests).toEqual([]);
  });

  it('an email is not Twilio\'s to send', async () => {
    expect((await failureOf(delivery().send({ ...SMS, channel: 'email', to: 'ada@example.com' }))).message).toBe('Twilio delivers sms and voice codes only.');
    expect(twilio.requests).toEqual([]);
  });
});

describe('voice through Calls.json', () => {
  it('posts TwiML that says the code digit by digit, XML-escaped, twice', async () => {
    const result = await delivery().send({ ...SMS, channel: 'voice', code: '123', template: 'Code for {{tenant.friendly_name}}: {{code}}.', tenantName: 'Ben & Jerry\'s <HQ>', locale: 'fr-FR' });
    const say = (text: string) => `<Say language="fr-FR">${text}</Say>`;
    const digits = ['1', '2', '3'].map((d) => `${say(d)}<Pause length="1"/>`).join('');
    const once = `${say('Code for')}${say('Ben &amp; Jerry&apos;s &lt;HQ&gt;')}${say(':')}${digits}${say('.')}`;
    expect(twilio.calls().map((c) => c.params)).toEqual([
      { To: TO, From: FROM, Twiml: `<?xml version="1.0" encoding="UTF-8"?><Response>${once}<Pause length="2"/>${once}</Response>` },
    ]);
    expect(result).toEqual({ provider: 'twilio', messageId: twilio.calls()[0]?.answer?.sid });
    expect(result.messageId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(twilio.lastCode(TO, 3)).toBe('123');
  });

  it('leaves out a language that is not a language-region tag, and needs a From number', async () => {
    await delivery().send({ ...SMS, channel: 'voice', code: '7', template: '{{code}}', locale: 'fr" onload="x' });
    expect(twilio.calls()[0]?.params.Twiml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>7</Say><Pause length="1"/><Pause length="2"/><Say>7</Say><Pause length="1"/></Response>');
    const noFrom = await failureOf(delivery({ from: undefined, messagingServiceSid: 'MG0123' }).send({ ...SMS, channel: 'voice' }));
    expect(noFrom.message).toBe('Twilio needs a From number to place voice calls.');
  });
});

describe('failures', () => {
  it('a wrong auth token: Twilio answers 401 (20003), not retryable', async () => {
    const failure = await failureOf(delivery({ authToken: 'not-the-token' }).send(SMS));
    expect(failure).toEqual({
      name: 'DeliveryError',
      provider: 'twilio',
      retryable: false,
      providerCode: '20003',
      message: 'Twilio refused the account SID or auth token (HTTP 401, error 20003).',
    });
    expect(twilio.requests.map((r) => [r.status, r.answer])).toEqual([
      [401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401, detail: 'Your AccountSid or AuthToken was incorrect.' }],
    ]);
    expect(twilio.messages()).toEqual([]);
  });

  it('another account\'s SID with this token is refused too', async () => {
    const failure = await failureOf(delivery({ accountSid: 'AC00000000000000000000000000000000' }).send(SMS));
    expect(failure.providerCode).toBe('20003');
  });

  it('an invalid number: Twilio 21211, not retryable', async () => {
    twilio.fail('invalid-number');
    expect(await failureOf(delivery().send(SMS))).toEqual({
      name: 'DeliveryError',
      provider: 'twilio',
      retryable: false,
      providerCode: '21211',
      message: 'Twilio says the phone number is not valid (HTTP 400, error 21211).',
    });
  });

  it('a Twilio 5xx is retryable, and the next request goes through', async () => {
    twilio.fail({ status: 503 }, 1);
    expect(await failureOf(delivery().send(SMS))).toEqual({
      name: 'DeliveryError',
      provider: 'twilio',
      retryable: true,
      providerCode: '20503',
      message: 'Twilio failed to take the request (HTTP 503, error 20503).',
    });
    await delivery().send(SMS);
    expect(twilio.requests.map((r) => r.status)).toEqual([503, 201]);
  });

  it('a Twilio that never answers times out, retryable', async () => {
    twilio.fail('stall');
    expect(await failureOf(delivery({ timeoutMs: 200 }).send(SMS))).toEqual({
      name: 'DeliveryError',
      provider: 'twilio',
      retryable: true,
      providerCode: undefined,
      message: 'Twilio did not answer within 0.2 s.',
    });
  });

  it('a Twilio that cannot be reached is named so, retryable', async () => {
    const failure = await failureOf(delivery({ apiUrl: `http://127.0.0.1:${await closedPort()}` }).send(SMS));
    expect(failure).toMatchObject({ retryable: true, message: 'Twilio could not be reached: connection refused.' });
  });

  it('never puts the code or the auth token in what it throws', async () => {
    const errors: unknown[] = [];
    const attempt = (options: Partial<TwilioOptions>, request: DeliveryRequest = SMS) => delivery(options).send(request).catch((e: unknown) => errors.push(e));
    await attempt({ authToken: 'wrong-token-048213' });
    // Twilio's 21211 message quotes the number, which here holds the code's digits.
    twilio.fail('invalid-number', 1);
    await attempt({}, { ...SMS, channel: 'voice', to: `+1555${CODE}` });
    twilio.fail({ status: 500 }, 1);
    await attempt({});
    twilio.fail('stall', 1);
    await attempt({ timeoutMs: 100 });
    await attempt({}, { ...SMS, template: `{{code}}${'!'.repeat(400)}` });
    expect(errors).toHaveLength(5);
    for (const error of errors) {
      expect(everythingIn(error)).not.toContain(CODE);
      expect(everythingIn(error)).not.toContain(twilio.authToken);
      expect(everythingIn(error)).not.toContain('wrong-token');
    }
  });
});

describe('TESSERA_TWILIO_API_URL', () => {
  it('defaults to Twilio, takes an http(s) base URL, and refuses anything else', () => {
    expect(twilioApiUrl({})).toBe('https://api.twilio.com');
    expect(twilioApiUrl({ TESSERA_TWILIO_API_URL: 'http://127.0.0.1:8089/' })).toBe('http://127.0.0.1:8089');
    expect(() => twilioApiUrl({ TESSERA_TWILIO_API_URL: 'api.twilio.com' })).toThrow('TESSERA_TWILIO_API_URL must be an absolute http(s) URL: api.twilio.com');
    expect(() => twilioApiUrl({ TESSERA_TWILIO_API_URL: 'ftp://gateway/' })).toThrow('TESSERA_TWILIO_API_URL must be an absolute http(s) URL: ftp://gateway/');
  });
});
