import type { AuthClient } from '@auth0/auth0-auth-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpsTessera } from '../helpers/https-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.js';
import { twilioFakeForFile } from '../helpers/twilio.js';
import { startCodeTenant, verifyRefusal, type CodeTenant } from './code-tenant.js';

/**
 * The refusals an app written with `@auth0/auth0-auth-js` meets on a code factor, for SMS, voice and email
 * alike, over real HTTPS with the code read from the real message (Twilio's Messages or Calls API on
 * loopback, a real SMTP server): a wrong code, the right one used twice, and one past its 5 minutes
 * (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa: "The
 * expiry time of MFA OTP codes is 5 minutes… After a user validates an MFA OTP code, it cannot be used again").
 */

const EMAIL = 'ada@example.com';
const PHONE = '+14155550123';
const CODE_TTL_MS = 5 * 60_000;

const twilio = twilioFakeForFile();
let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

type Channel = 'sms' | 'voice' | 'email';

describe.each<Channel>(['sms', 'voice', 'email'])('@auth0/auth0-auth-js: %s codes', (channel) => {
  let server: HttpsTessera;
  let auth: AuthClient;
  let mfaToken: CodeTenant['mfaToken'];
  beforeEach(async () => {
    ({ server, auth, mfaToken } = await startCodeTenant({ twilio, smtp }, { email: EMAIL, appName: 'Code App', factors: ['sms', 'email'], messageTypes: [channel === 'voice' ? 'voice' : 'sms'] }));
  });
  afterEach(() => server.close());

  /** The code in the last message, read as the user would: from the SMS, the call's TwiML, or the email's text. */
  function lastCode(): string {
    const code = channel === 'email' ? /\b(\d{6})\b/.exec(smtp.messages.at(-1)?.text ?? '')?.[1] : twilio.lastCode(PHONE);
    if (code === undefined || !/^\d{6}$/.test(code)) throw new Error(`no ${channel} code arrived`);
    return code;
  }
  const verify = (token: string, oobCode: string, bindingCode: string) => auth.mfa.verify({ mfaToken: token, factorType: 'oob', oobCode, bindingCode });

  it('a wrong, a replayed and an expired code are each refused with their exact body; the right one signs in once', async () => {
    const token = await mfaToken();
    const target = channel === 'email' ? { email: EMAIL } : { phoneNumber: PHONE };
    const enrollment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: [channel], ...target, mfaToken: token });
    if (enrollment.authenticatorType !== 'oob') throw new Error('expected oob');
    const enrolled = lastCode();
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    // The enrollment itself: a wrong code first, then the right one; then that one again.
    expect(await verifyRefusal(verify(token, enrollment.oobCode ?? '', wrong(enrolled)))).toEqual({ error: 'invalid_grant', error_description: 'Invalid binding_code.' });
    expect((await verify(token, enrollment.oobCode ?? '', enrolled)).accessToken).toEqual(expect.any(String));
    expect(await verifyRefusal(verify(token, enrollment.oobCode ?? '', enrolled))).toEqual({ error: 'invalid_grant', error_description: 'Invalid oob_code.' });

    // A later sign-in: the same three on a challenge.
    const later = await mfaToken();
    const challenge = await auth.mfa.challengeAuthenticator({ challengeType: 'oob', mfaToken: later });
    expect(challenge).toEqual({ challengeType: 'oob', oobCode: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), bindingMethod: 'prompt' });
    const code = lastCode();
    expect(await verifyRefusal(verify(later, challenge.oobCode ?? '', wrong(code)))).toEqual({ error: 'invalid_grant', error_description: 'Invalid binding_code.' });
    // The enrollment's spent code (or, should the two match by chance, another wrong one) is no key to this challenge.
    const stale = enrolled === code ? wrong(wrong(code)) : enrolled;
    expect(await verifyRefusal(verify(later, challenge.oobCode ?? '', stale))).toEqual({
      error: 'invalid_grant', error_description: 'Invalid binding_code.',
    });
    expect((await verify(later, challenge.oobCode ?? '', code)).accessToken).toEqual(expect.any(String));
    expect(await verifyRefusal(verify(later, challenge.oobCode ?? '', code))).toEqual({ error: 'invalid_grant', error_description: 'Invalid oob_code.' });

    const last = await mfaToken();
    const expiring = await auth.mfa.challengeAuthenticator({ challengeType: 'oob', mfaToken: last });
    const late = lastCode();
    server.clock.advance(CODE_TTL_MS);
    expect(await verifyRefusal(verify(last, expiring.oobCode ?? '', late))).toEqual({ error: 'expired_token', error_description: 'oob_code is expired' });
    const sent = channel === 'email' ? smtp.messages.length : channel === 'voice' ? twilio.calls().length : twilio.messages().length;
    expect(sent).toBe(3);
  });
});
