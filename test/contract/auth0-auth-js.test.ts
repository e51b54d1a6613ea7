import { AuthClient, isMfaRequiredError, MfaVerifyError, type TokenResponse } from '@auth0/auth0-auth-js';
import type { ManagementClient } from 'auth0';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { wrongCode } from '../helpers/mfa-admin.js';
import { oathtool, PASSWORD } from '../helpers/server.js';
import { APP_GRANTS, CONNECTION, RECOVERY_CODE, v7Management } from './v7-support.js';

/**
 * An app written today against Auth0 with `@auth0/auth0-auth-js`'s AuthClient, unchanged, against
 * Tessera over real HTTPS (it discovers the server from /.well-known/openid-configuration): password →
 * mfa_required → enroll OTP → verify; later sign-ins by OTP challenge and by recovery code; refresh.
 */

const EMAIL = 'ada@example.com';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const OTP_ID = /^totp\|dev_[A-Za-z0-9]{16}$/;
const RECOVERY_ID = /^recovery-code\|dev_[A-Za-z0-9]{16}$/;

describe('@auth0/auth0-auth-js AuthClient against Tessera', () => {
  let server: HttpsTessera;
  let management: ManagementClient;
  let auth: AuthClient;
  let userId: string;

  beforeEach(async () => {
    server = await startHttpsTessera();
    management = v7Management(server);
    await management.guardian.factors.set('otp', { enabled: true });
    await management.guardian.factors.set('recovery-code', { enabled: true });
    await management.guardian.policies.set(['all-applications']);
    const app = await management.clients.create({ name: 'Today’s App', grant_types: APP_GRANTS });
    userId = (await management.users.create({ connection: CONNECTION, email: EMAIL, password: PASSWORD })).user_id ?? '';
    auth = new AuthClient({ domain: server.domain, clientId: app.client_id ?? '', clientSecret: app.client_secret ?? '', customFetch: server.fetch });
  });
  afterEach(() => server.close());

  /** getTokenByPassword, expected to stop at mfa_required: what isMfaRequiredError exposes. */
  async function mfaRequired(): Promise<{ mfaToken: string; requirements: unknown }> {
    const error = await auth.getTokenByPassword({ username: EMAIL, password: PASSWORD, scope: 'openid profile email offline_access' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!isMfaRequiredError(error)) throw error instanceof Error ? error : new Error('expected mfa_required');
    expect(error.cause.error).toBe('mfa_required');
    return { mfaToken: error.cause.mfa_token, requirements: error.cause.mfa_requirements };
  }

  function expectSignedIn(tokens: TokenResponse): void {
    expect(tokens.accessToken).toMatch(JWT);
    expect(tokens.idToken).toMatch(JWT);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.claims).toMatchObject({ iss: server.issuer, sub: userId, email: EMAIL });
    expect(decodeJwt(tokens.accessToken).sub).toBe(userId);
  }

  async function enroll(): Promise<{ secret: string; recoveryCode: string; tokens: TokenResponse }> {
    const { mfaToken, requirements } = await mfaRequired();
    expect(requirements).toEqual({ enroll: [{ type: 'otp' }] });
    expect(await auth.mfa.listAuthenticators({ mfaToken })).toEqual([]);
    const enrollment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['otp'], mfaToken });
    expect(enrollment).toEqual({
      authenticatorType: 'otp',
      secret: expect.stringMatching(/^[A-Z2-7]+$/),
      barcodeUri: expect.stringMatching(/^otpauth:\/\/totp\//),
      recoveryCodes: [expect.stringMatching(RECOVERY_CODE)],
    });
    if (enrollment.authenticatorType !== 'otp') throw new Error('expected an OTP enrollment');
    const tokens = await auth.mfa.verify({ mfaToken, factorType: 'otp', otp: oathtool(enrollment.secret, server.clock.now()) });
    server.clock.advance(30_000);
    return { secret: enrollment.secret, recoveryCode: enrollment.recoveryCodes?.[0] ?? '', tokens };
  }

  it('enrolls OTP on the first sign-in, and the confirming code signs the user in', async () => {
    const { tokens } = await enroll();
    expectSignedIn(tokens);
  });

  it('a later sign-in lists the authenticators, challenges OTP and verifies a code', async () => {
    const { secret } = await enroll();
    const { mfaToken, requirements } = await mfaRequired();
    expect(requirements).toEqual({ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] });
    expect(await auth.mfa.listAuthenticators({ mfaToken })).toEqual([
      { id: expect.stringMatching(RECOVERY_ID), authenticatorType: 'recovery-code', active: true },
      { id: expect.stringMatching(OTP_ID), authenticatorType: 'otp', active: true },
    ]);
    expect(await auth.mfa.challengeAuthenticator({ challengeType: 'otp', mfaToken })).toEqual({ challengeType: 'otp' });

    const wrong = await auth.mfa.verify({ mfaToken, factorType: 'otp', otp: wrongCode(secret, server.clock.now()) }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(wrong).toBeInstanceOf(MfaVerifyError);
    expect((wrong as MfaVerifyError).cause).toEqual({ error: 'invalid_grant', error_description: 'Invalid otp_code.' });

    expectSignedIn(await auth.mfa.verify({ mfaToken, factorType: 'otp', otp: oathtool(secret, server.clock.now()) }));
  });

  it('a recovery code signs in once and answers the next code', async () => {
    const { recoveryCode } = await enroll();
    const { mfaToken } = await mfaRequired();
    const tokens = await auth.mfa.verify({ mfaToken, factorType: 'recovery-code', recoveryCode });
    expectSignedIn(tokens);
    expect(tokens.recoveryCode).toMatch(RECOVERY_CODE);
    expect(tokens.recoveryCode).not.toBe(recoveryCode);

    const again = await mfaRequired();
    const reused = await auth.mfa.verify({ mfaToken: again.mfaToken, factorType: 'recovery-code', recoveryCode }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(reused).toBeInstanceOf(MfaVerifyError);
    expect((reused as MfaVerifyError).cause).toEqual({ error: 'invalid_grant', error_description: 'MFA Authorization rejected.' });
    expectSignedIn(await auth.mfa.verify({ mfaToken: again.mfaToken, factorType: 'recovery-code', recoveryCode: tokens.recoveryCode ?? '' }));
  });

  it('refreshes the session the MFA sign-in started, without another factor', async () => {
    const { tokens } = await enroll();
    const refreshed = await auth.getTokenByRefreshToken({ refreshToken: tokens.refreshToken ?? '' });
    expect(refreshed.accessToken).toMatch(JWT);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(decodeJwt(refreshed.accessToken).sub).toBe(userId);
    expect(refreshed.claims).toMatchObject({ sub: userId });
  });
});
