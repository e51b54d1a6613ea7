import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { json, mgmt } from '../../../helpers/server.js';
import { startWebhookReceiver } from '../../../server/delivery/webhook-receiver.js';
import { connectedService, startTessera, type ConsoleUnderTest, type ListeningTessera } from './admin-fixture';

/** The admin service's phone settings over auth0@7's guardian.factors.phone against a real Tessera on loopback. */

const TOKEN = 'twilio-token-typed-once-0123456789';
const SECRET = 'webhook-secret-typed-once-0123';
const AUTH0_DEFAULTS = {
  enrollmentMessage: '{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment.',
  verificationMessage: '{{code}} is your verification code for {{tenant.friendly_name}}',
};

let tessera: ListeningTessera;
let console: ConsoleUnderTest;
beforeAll(async () => {
  tessera = await startTessera();
  console = await connectedService(tessera.baseUrl);
});
afterAll(async () => {
  await console.close();
  await tessera.close();
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('the phone factor settings', () => {
  it('reads a fresh server: SMS only, Twilio unset, no webhook, Auth0’s default templates', async () => {
    expect(await console.service.phoneSettings()).toEqual({
      messageTypes: ['sms'],
      provider: 'twilio',
      twilio: { sid: null, from: null, messagingServiceSid: null, authToken: 'not-set' },
      custom: { url: null, secretConfigured: false },
      templates: AUTH0_DEFAULTS,
    });
  });

  it('saves each part on the server and answers the whole view, the token only as "set"', async () => {
    const twilio = await console.service.setPhoneSettings({ twilio: { sid: 'AC123', from: '+15005550006', messagingServiceSid: null, authToken: TOKEN } });
    expect(twilio.twilio).toEqual({ sid: 'AC123', from: '+15005550006', messagingServiceSid: null, authToken: 'set' });
    expect(JSON.stringify(twilio)).not.toContain(TOKEN);
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors/phone/providers/twilio'))).toEqual({ sid: 'AC123', from: '+15005550006', messaging_service_sid: null, auth_token_configured: true });
    // A fresh read (the console reloaded) still knows a token is saved, without ever seeing it.
    expect((await console.service.phoneSettings()).twilio.authToken).toBe('set');

    expect((await console.service.setPhoneSettings({ messageTypes: ['sms', 'voice'] })).messageTypes).toEqual(['sms', 'voice']);
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors/phone/message-types'))).toEqual({ message_types: ['sms', 'voice'] });

    const templates = { enrollmentMessage: 'Enroll with {{code}}', verificationMessage: 'Your code: {{code}}' };
    expect((await console.service.setPhoneSettings({ templates })).templates).toEqual(templates);
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors/sms/templates'))).toEqual({ enrollment_message: 'Enroll with {{code}}', verification_message: 'Your code: {{code}}' });

    const custom = await console.service.setPhoneSettings({ custom: { url: 'https://sms.example.com/hook', secret: SECRET } });
    expect(custom.custom).toEqual({ url: 'https://sms.example.com/hook', secretConfigured: true });
    expect(JSON.stringify(custom)).not.toContain(SECRET);
    const chosen = await console.service.setPhoneSettings({ provider: 'custom' });
    expect(chosen.provider).toBe('custom');
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/guardian/factors/phone/selected-provider'))).toEqual({ provider: 'custom' });
    // Saving Twilio without a token keeps the saved one, and the server says so.
    const kept = await console.service.setPhoneSettings({ twilio: { sid: 'AC123', from: null, messagingServiceSid: 'MG1' } });
    expect(kept.twilio).toEqual({ sid: 'AC123', from: null, messagingServiceSid: 'MG1', authToken: 'set' });
  });

  it.each([
    ['a template without {{code}}', { templates: { enrollmentMessage: 'no code here', verificationMessage: '{{code}}' } }, "Payload validation error: 'The template must contain {{code}}.' on property enrollment_message."],
    ['an unknown variable', { templates: { enrollmentMessage: '{{code}}', verificationMessage: '{{code}} {{user}}' } }, "Payload validation error: 'Unknown template variable {{user}}: use {{code}}, {{tenant.friendly_name}}, {{message_type}}, {{locale}}, {{pause}}.' on property verification_message."],
    ['a from number that is not E.164', { twilio: { sid: null, from: '555-0100', messagingServiceSid: null } }, "Payload validation error: 'from must be an E.164 phone number' on property from."],
    ['a webhook URL that is not http(s)', { custom: { url: 'ftp://x.example.com', secret: SECRET } }, "Payload validation error: 'url must be an absolute http(s) URL' on property url."],
  ] as const)('relays the server’s refusal of %s', async (_name, patch, message) => {
    const before = await console.service.phoneSettings();
    expect(await failure(console.service.setPhoneSettings(patch))).toEqual(Object.assign(new AdminError('invalid_input', ''), { message }));
    expect(await console.service.phoneSettings()).toEqual(before);
  });

  it('sends a test message through the configured webhook, signed; the server’s refusal is relayed', async () => {
    const receiver = await startWebhookReceiver(SECRET, tessera.clock);
    try {
      await console.service.setPhoneSettings({ custom: { url: receiver.url, secret: SECRET } });
      await console.service.setPhoneSettings({ provider: 'custom' });
      expect(await console.service.sendPhoneTest({ channel: 'sms', phoneNumber: '+15555550123' })).toEqual({ provider: 'custom', messageId: 'msg_1' });
      expect(receiver.deliveries.map((delivery) => ({ status: delivery.status, valid: delivery.verification.valid }))).toEqual([{ status: 200, valid: true }]);
      expect(await failure(console.service.sendPhoneTest({ channel: 'voice', phoneNumber: '555-0100' }))).toEqual(
        Object.assign(new AdminError('invalid_input', ''), { message: "Payload validation error: 'phone_number must be an E.164 phone number' on property phone_number." }),
      );
    } finally {
      await receiver.close();
    }
  });
});
