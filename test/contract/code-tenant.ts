import { AuthClient, isMfaRequiredError, MfaVerifyError } from '@auth0/auth0-auth-js';
import type { ManagementClient } from 'auth0';
import { expect } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { PASSWORD } from '../helpers/server.js';
import type { SmtpSink } from '../helpers/smtp.js';
import type { TwilioFake } from '../helpers/twilio.js';
import { APP_GRANTS, CONNECTION, v7Management } from './v7-support.js';

const MFA_OOB = 'http://auth0.com/oauth/grant-type/mfa-oob';

export interface CodeTenant {
  server: HttpsTessera;
  management: ManagementClient;
  /** The app's client, as an app written against Auth0 builds it. */
  auth: AuthClient;
  /** A password login's `mfa_token` (the login answers mfa_required). */
  mfaToken(scope?: string): Promise<string>;
}

/**
 * A Tessera over HTTPS set up with the `auth0` SDK as an admin would for the code factors: the factors on,
 * MFA required, phone codes through the file's Twilio fake, mail through its SMTP server, one app allowed
 * the mfa-oob grant and one user. The fakes are emptied, so a test reads only its own messages.
 */
export async function startCodeTenant(
  fakes: { twilio: TwilioFake; smtp: SmtpSink },
  options: { email: string; appName: string; factors: readonly ('sms' | 'email' | 'recovery-code')[]; messageTypes?: ('sms' | 'voice')[] },
): Promise<CodeTenant> {
  const { twilio, smtp } = fakes;
  const server = await startHttpsTessera({ mail: { smtpUrl: smtp.url, from: 'Tessera <no-reply@tessera.test>' } });
  const management = v7Management(server);
  for (const name of options.factors) await management.guardian.factors.set(name, { enabled: true });
  await management.guardian.policies.set(['all-applications']);
  if (options.messageTypes) await management.guardian.factors.phone.setMessageTypes({ message_types: options.messageTypes });
  await management.guardian.factors.phone.setTwilioProvider({ sid: twilio.accountSid, auth_token: twilio.authToken, from: '+15005550006' });
  await management.guardian.factors.phone.setProvider({ provider: 'twilio' });
  const app = await management.clients.create({ name: options.appName, grant_types: [...APP_GRANTS, MFA_OOB] });
  await management.users.create({ connection: CONNECTION, email: options.email, password: PASSWORD, email_verified: false });
  const auth = new AuthClient({ domain: server.domain, clientId: app.client_id ?? '', clientSecret: app.client_secret ?? '', customFetch: server.fetch });
  twilio.fail(null);
  twilio.requests.length = 0;
  smtp.messages.length = 0;
  async function mfaToken(scope?: string): Promise<string> {
    const error = await auth.getTokenByPassword({ username: options.email, password: PASSWORD, ...(scope ? { scope } : {}) }).then(() => undefined, (caught: unknown) => caught);
    if (!isMfaRequiredError(error)) throw error instanceof Error ? error : new Error('expected mfa_required');
    return error.cause.mfa_token;
  }
  return { server, management, auth, mfaToken };
}

/** The error body an `mfa.verify` rejected with (an MfaVerifyError, as the SDK throws for Auth0's refusals). */
export async function verifyRefusal(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(MfaVerifyError);
  return (error as MfaVerifyError).cause;
}
