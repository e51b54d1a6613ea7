import type { AuthClient, TokenResponse } from '@auth0/auth0-auth-js';
import type { ManagementClient } from 'auth0';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpsTessera } from '../helpers/https-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.js';
import { twilioFakeForFile } from '../helpers/twilio.js';
import { startCodeTenant, verifyRefusal, type CodeTenant } from './code-tenant.js';
import { RECOVERY_CODE } from './v7-support.js';

/**
 * SMS, voice and email codes as an app written against Auth0 with `@auth0/auth0-auth-js` meets them, over
 * real HTTPS: enrollAuthenticator sends a code (to a loopback server speaking Twilio's Messages and Calls
 * API with Basic auth, or to a real SMTP server), the code read from that message completes verify; later
 * sign-ins challengeAuthenticator and verify the same way. The admin configures it all with the `auth0` SDK.
 */

const EMAIL = 'ada@example.com';
const PHONE = '+14155550123';
/** PHONE as the MFA API lists it: the last four digits only. */
const MASKED_PHONE = '+XXXXXXX0123';
const FROM = '+15005550006';
const OOB_CODE = /^[A-Za-z0-9_-]{43}$/;
const LINK = /dev_[A-Za-z0-9]{16}$/;

const twilio = twilioFakeForFile();
let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

describe('@auth0/auth0-auth-js: SMS, voice and email codes against Tessera', () => {
  let server: HttpsTessera;
  let management: ManagementClient;
  let auth: AuthClient;
  let login: CodeTenant['mfaToken'];
  beforeEach(async () => {
    ({ server, management, auth, mfaToken: login } = await startCodeTenant({ twilio, smtp }, { email: EMAIL, appName: 'Today’s App', factors: ['sms', 'email', 'recovery-code'] }));
  });
  afterEach(() => server.close());

  const mfaToken = () => login('openid profile email');
  const signedIn = (tokens: TokenResponse) => expect(tokens.claims).toMatchObject({ iss: server.issuer, email: EMAIL });

  it('SMS: enroll, the texted code confirms it; a later sign-in challenges it; wrong and replayed codes are refused', async () => {
    const token = await mfaToken();
    const enrollment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['sms'], phoneNumber: PHONE, mfaToken: token });
    expect(enrollment).toEqual({
      authenticatorType: 'oob', oobChannel: 'sms', oobCode: expect.stringMatching(OOB_CODE), bindingMethod: 'prompt', recoveryCodes: [expect.stringMatching(RECOVERY_CODE)],
    });
    const code = twilio.lastCode(PHONE) ?? '';
    expect(twilio.messages().at(-1)?.params).toEqual({ To: PHONE, From: FROM, Body: `${code} is your verification code for Tessera Contract. Please enter this code to verify your enrollment.` });
    if (enrollment.authenticatorType !== 'oob') throw new Error('expected oob');
    signedIn(await auth.mfa.verify({ mfaToken: token, factorType: 'oob', oobCode: enrollment.oobCode ?? '', bindingCode: code }));

    const later = await mfaToken();
    const [sms] = (await auth.mfa.listAuthenticators({ mfaToken: later })).filter((entry) => entry.id.startsWith('sms|'));
    // The SDK maps `oob_channels`; Tessera answers Auth0's documented examples' `oob_channel` (string), which it drops.
    expect(sms).toEqual({ id: expect.stringMatching(LINK), authenticatorType: 'oob', name: MASKED_PHONE, active: true });
    const challenge = await auth.mfa.challengeAuthenticator({ challengeType: 'oob', authenticatorId: sms?.id ?? '', mfaToken: later });
    expect(challenge).toEqual({ challengeType: 'oob', oobCode: expect.stringMatching(OOB_CODE), bindingMethod: 'prompt' });
    const sent = twilio.lastCode(PHONE) ?? '';
    const wrong = String((Number(sent) + 1) % 1_000_000).padStart(6, '0');
    expect(await verifyRefusal(auth.mfa.verify({ mfaToken: later, factorType: 'oob', oobCode: challenge.oobCode ?? '', bindingCode: wrong }))).toEqual({
      error: 'invalid_grant', error_description: 'Invalid binding_code.',
    });
    signedIn(await auth.mfa.verify({ mfaToken: later, factorType: 'oob', oobCode: challenge.oobCode ?? '', bindingCode: sent }));
    expect(await verifyRefusal(auth.mfa.verify({ mfaToken: later, factorType: 'oob', oobCode: challenge.oobCode ?? '', bindingCode: sent }))).toEqual({
      error: 'invalid_grant', error_description: 'Invalid oob_code.',
    });
  });

  it('voice: the code is spoken in a Twilio call (TwiML), and completes the sign-in', async () => {
    await management.guardian.factors.phone.setMessageTypes({ message_types: ['voice'] });
    const token = await mfaToken();
    const enrollment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['voice'], phoneNumber: PHONE, mfaToken: token });
    expect(enrollment).toEqual({
      authenticatorType: 'oob', oobChannel: 'voice', oobCode: expect.stringMatching(OOB_CODE), bindingMethod: 'prompt', recoveryCodes: [expect.stringMatching(RECOVERY_CODE)],
    });
    const [call] = twilio.calls();
    expect(call?.params).toEqual({ To: PHONE, From: FROM, Twiml: expect.stringMatching(/^<\?xml[\s\S]*<Response>[\s\S]*<Say[\s\S]*<\/Response>$/) });
    const code = twilio.lastCode(PHONE) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    if (enrollment.authenticatorType !== 'oob') throw new Error('expected oob');
    signedIn(await auth.mfa.verify({ mfaToken: token, factorType: 'oob', oobCode: enrollment.oobCode ?? '', bindingCode: code }));
    expect(twilio.messages()).toEqual([]);
  });

  it('email: the code arrives by SMTP (text and HTML), and completes the sign-in; an expired code is refused', async () => {
    const token = await mfaToken();
    const enrollment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['email'], email: EMAIL, mfaToken: token });
    expect(enrollment).toEqual({
      authenticatorType: 'oob', oobChannel: 'email', oobCode: expect.stringMatching(OOB_CODE), bindingMethod: 'prompt', recoveryCodes: [expect.stringMatching(RECOVERY_CODE)],
    });
    const [mail] = smtp.messages;
    expect(mail?.envelope.to).toEqual([EMAIL]);
    expect(mail?.subject).toBe('Your verification code for Tessera Contract');
    const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(mail?.html).toContain(`<strong>${code}</strong>`);
    if (enrollment.authenticatorType !== 'oob') throw new Error('expected oob');
    signedIn(await auth.mfa.verify({ mfaToken: token, factorType: 'oob', oobCode: enrollment.oobCode ?? '', bindingCode: code }));

    const later = await mfaToken();
    const challenge = await auth.mfa.challengeAuthenticator({ challengeType: 'oob', mfaToken: later });
    const sent = /\b(\d{6})\b/.exec(smtp.messages.at(-1)?.text ?? '')?.[1] ?? '';
    server.clock.advance(5 * 60_000);
    expect(await verifyRefusal(auth.mfa.verify({ mfaToken: later, factorType: 'oob', oobCode: challenge.oobCode ?? '', bindingCode: sent }))).toEqual({
      error: 'expired_token', error_description: 'oob_code is expired',
    });
  });

  it('a failing provider: enrollAuthenticator rejects with the error body, and nothing is enrolled', async () => {
    const token = await mfaToken();
    twilio.fail({ status: 500 }, 1);
    const error = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['oob'], oobChannels: ['sms'], phoneNumber: PHONE, mfaToken: token }).then(() => undefined, (caught: unknown) => caught);
    expect((error as { cause?: unknown }).cause).toEqual({ error: 'error_sending_sms', error_description: 'Twilio failed to take the request (HTTP 500, error 20500).' });
    expect((await auth.mfa.listAuthenticators({ mfaToken: token })).filter((entry) => entry.authenticatorType === 'oob')).toEqual([]);
  });
});
