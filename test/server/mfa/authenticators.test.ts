import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTestServer,
  createUser,
  enrollOtp,
  json,
  loginForMfaToken,
  managementToken,
  mgmt,
  oathtool,
  type Enrollment,
  type TestServer,
} from '../../helpers/server.js';
import {
  authenticatorRows,
  challenge,
  deleteAuthenticator,
  listAuthenticators,
  mfaAccessToken,
  mfaTenant,
  otpGrant,
  type MfaTenant,
} from '../../helpers/mfa.js';

const RECOVERY_ID = /^recovery-code\|dev_[A-Za-z0-9]{16}$/;
const NOT_FOUND = { error: 'not_found', error_description: 'Authenticator not found.' };
const INVALID_JWT = { error: 'invalid_token', error_description: 'The access token is invalid or expired.' };
const MISSING = { error: 'invalid_token', error_description: 'Authorization header with a Bearer token is required.' };

describe('/mfa/authenticators', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
  });
  afterEach(() => server.close());

  const recoveryIdOf = async (token: string) =>
    (json(await listAuthenticators(server.app, token)) as { id: string; authenticator_type: string }[]).find(
      (row) => row.authenticator_type === 'recovery-code',
    )?.id ?? '';

  describe('GET', () => {
    it('answers [] for a user with nothing enrolled', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await listAuthenticators(server.app, mfaToken);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 200, body: [] });
    });

    it('lists the user’s authenticators for an mfa_token', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await listAuthenticators(server.app, mfaToken);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 200,
        body: [
          { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: true },
          { id: enrollment.authenticatorId, authenticator_type: 'otp', active: true },
        ],
      });
    });

    it('lists them for an MFA-audience token with read:authenticators, and only the caller’s', async () => {
      await createUser(server.app, 'grace@example.com');
      const grace = await enrollOtp(server, tenant.client, 'grace@example.com');
      const ada = await enrollOtp(server, tenant.client);
      const accessToken = await mfaAccessToken(server, tenant.client, ada.secret, 'read:authenticators');
      const response = await listAuthenticators(server.app, accessToken);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 200,
        body: [
          { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: true },
          { id: ada.authenticatorId, authenticator_type: 'otp', active: true },
        ],
      });
      expect(JSON.stringify(json(response))).not.toContain(grace.authenticatorId);
    });

    it('refuses an MFA-audience token without read:authenticators', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll remove:authenticators');
      const response = await listAuthenticators(server.app, accessToken);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 403,
        body: { error: 'insufficient_scope', error_description: 'Insufficient scope; expected any of: read:authenticators.' },
      });
    });

    it.each([
      ['no token', undefined, MISSING],
      ['a garbage token', 'garbage', { error: 'invalid_token', error_description: 'Malformed mfa_token' }],
      ['a forged JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', INVALID_JWT],
    ])('answers 401 for %s', async (_label, token, body) => {
      const response = await listAuthenticators(server.app, token);
      expect({ status: response.statusCode, body: json(response), challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        body,
        challenge: expect.stringMatching(/^Bearer/),
      });
    });

    it('answers 401 for an expired mfa_token', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      server.clock.advance(601_000);
      const response = await listAuthenticators(server.app, mfaToken);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 401, body: { error: 'invalid_token', error_description: 'mfa_token is expired' } });
    });

    it('lists a verified address after the stored authenticators while the email factor is on, and not once it is off', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      expect((await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(tenant.user.user_id)}`, { email_verified: true })).statusCode).toBe(200);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const stored = [
        { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: true },
        { id: enrollment.authenticatorId, authenticator_type: 'otp', active: true },
      ];
      const list = async () => {
        const response = await listAuthenticators(server.app, mfaToken);
        return { status: response.statusCode, body: json(response) };
      };
      expect((await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/email', { enabled: true })).statusCode).toBe(200);
      expect(await list()).toEqual({
        status: 200,
        body: [...stored, { id: expect.stringMatching(/^email\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'oob', oob_channel: 'email', name: 'ada@example.com', active: true }],
      });
      expect((await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/email', { enabled: false })).statusCode).toBe(200);
      expect(await list()).toEqual({ status: 200, body: stored });
    });

    it('answers 401 for a Management API token', async () => {
      const response = await listAuthenticators(server.app, await managementToken(server.app));
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 401, body: INVALID_JWT });
    });
  });

  describe('DELETE', () => {
    let enrollment: Enrollment;
    let remover: string;
    beforeEach(async () => {
      enrollment = await enrollOtp(server, tenant.client);
      remover = await mfaAccessToken(server, tenant.client, enrollment.secret, 'remove:authenticators read:authenticators');
    });

    it('removes the authenticator: 204, no body, gone from the list', async () => {
      const response = await deleteAuthenticator(server.app, remover, enrollment.authenticatorId);
      expect({ status: response.statusCode, body: response.body }).toEqual({ status: 204, body: '' });
      expect(json(await listAuthenticators(server.app, remover))).toEqual([
        { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: true },
      ]);
      expect((await authenticatorRows(server)).map((row) => row.kind)).toEqual(['recovery-code']);
    });

    it('the deleted authenticator no longer verifies, and the user must enroll again', async () => {
      expect((await deleteAuthenticator(server.app, remover, enrollment.authenticatorId)).statusCode).toBe(204);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const grant = await otpGrant(server.app, tenant.client, mfaToken, oathtool(enrollment.secret, server.clock.now()));
      expect({ status: grant.statusCode, body: json(grant) }).toEqual({
        status: 403,
        body: { error: 'invalid_grant', error_description: 'User is not enrolled with otp.' },
      });
      const asked = await challenge(server.app, { client_id: tenant.client.client_id, client_secret: tenant.client.client_secret, mfa_token: mfaToken });
      expect({ status: asked.statusCode, body: json(asked) }).toEqual({
        status: 400,
        body: {
          error: 'association_required',
          error_description: 'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
        },
      });
    });

    it('refuses an mfa_token: it is not enough to delete (Auth0 docs)', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await deleteAuthenticator(server.app, mfaToken, enrollment.authenticatorId);
      expect({ status: response.statusCode, body: json(response), challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        body: INVALID_JWT,
        challenge: 'Bearer error="invalid_token"',
      });
      expect(await authenticatorRows(server)).toHaveLength(2);
    });

    it.each([
      ['no token', undefined, MISSING],
      ['a forged JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', INVALID_JWT],
    ])('answers 401 for %s', async (_label, token, body) => {
      const response = await deleteAuthenticator(server.app, token, enrollment.authenticatorId);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 401, body });
      expect(await authenticatorRows(server)).toHaveLength(2);
    });

    it('answers 401 for an expired MFA-audience token', async () => {
      server.clock.advance(10 * 60_000 + 1000);
      const response = await deleteAuthenticator(server.app, remover, enrollment.authenticatorId);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 401,
        body: { error: 'invalid_token', error_description: 'The access token has expired.' },
      });
    });

    it('refuses an MFA-audience token without remove:authenticators', async () => {
      const reader = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll read:authenticators');
      const response = await deleteAuthenticator(server.app, reader, enrollment.authenticatorId);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 403,
        body: { error: 'insufficient_scope', error_description: 'Insufficient scope; expected any of: remove:authenticators.' },
      });
      expect(await authenticatorRows(server)).toHaveLength(2);
    });

    it('answers 404 for another user’s authenticator, exactly as for an unknown id', async () => {
      await createUser(server.app, 'grace@example.com');
      const grace = await enrollOtp(server, tenant.client, 'grace@example.com');
      const before = await authenticatorRows(server);
      const answers = [];
      for (const id of [grace.authenticatorId, 'totp|dev_0000000000000000', 'nonsense']) {
        const response = await deleteAuthenticator(server.app, remover, id);
        answers.push({ status: response.statusCode, body: json(response) });
      }
      expect(answers).toEqual([
        { status: 404, body: NOT_FOUND },
        { status: 404, body: NOT_FOUND },
        { status: 404, body: NOT_FOUND },
      ]);
      expect(await authenticatorRows(server)).toEqual(before);
    });

    it('refuses to delete the recovery code (administrators only, Auth0 docs)', async () => {
      const recoveryId = await recoveryIdOf(remover);
      expect(recoveryId).toMatch(RECOVERY_ID);
      const response = await deleteAuthenticator(server.app, remover, recoveryId);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 403,
        body: { error: 'access_denied', error_description: 'Recovery codes can only be deleted by an administrator using the Management API.' },
      });
      expect(await authenticatorRows(server)).toHaveLength(2);
    });

    it('a second delete of the same id answers 404', async () => {
      expect((await deleteAuthenticator(server.app, remover, enrollment.authenticatorId)).statusCode).toBe(204);
      const again = await deleteAuthenticator(server.app, remover, enrollment.authenticatorId);
      expect({ status: again.statusCode, body: json(again) }).toEqual({ status: 404, body: NOT_FOUND });
    });
  });
});
