import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestServer, createClient, createUser, enrollOtp, json, loginForMfaToken, mgmt, type TestServer } from '../../helpers/server.js';
import { associate, challenge, listAuthenticators, mfaAccessToken, mfaTenant, type MfaTenant } from '../../helpers/mfa.js';

const ASSOCIATION_REQUIRED = {
  error: 'association_required',
  error_description: 'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
};
const UNSUPPORTED = { error: 'unsupported_challenge_type', error_description: 'User is not enrolled with any of the requested challenge types.' };
const BAD_AUTHENTICATOR = { error: 'invalid_request', error_description: 'The authenticator_id is not valid for this user.' };
const MALFORMED = { error: 'invalid_grant', error_description: 'Malformed mfa_token' };
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };

describe('POST /mfa/challenge', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
  });
  afterEach(() => server.close());

  const credentials = () => ({ client_id: tenant.client.client_id, client_secret: tenant.client.client_secret });

  it('answers association_required while the user has no authenticator', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken });
    expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: ASSOCIATION_REQUIRED });
  });

  it('answers association_required while the only authenticator is unconfirmed, whatever the types asked', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    await associate(server.app, mfaToken);
    for (const challengeType of [undefined, 'otp', 'oob']) {
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken, ...(challengeType ? { challenge_type: challengeType } : {}) });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: ASSOCIATION_REQUIRED });
    }
  });

  describe('for an enrolled user', () => {
    it.each([
      ['no challenge_type (all accepted)', {}],
      ['challenge_type otp', { challenge_type: 'otp' }],
      ['challenge_type "oob otp"', { challenge_type: 'oob otp' }],
      ['challenge_type with extra whitespace', { challenge_type: '  otp   oob ' }],
    ])('answers {challenge_type: otp} for %s', async (_label, extra) => {
      await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken, ...extra });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 200, body: { challenge_type: 'otp' } });
    });

    it('answers {challenge_type: otp} for the named OTP authenticator', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken, authenticator_id: enrollment.authenticatorId });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 200, body: { challenge_type: 'otp' } });
    });

    it('answers unsupported_challenge_type when the application accepts only oob', async () => {
      await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken, challenge_type: 'oob' });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: UNSUPPORTED });
    });

    it.each([
      ['an unknown type', 'sms', 'Invalid challenge_type: sms'],
      ['an unknown type among known ones', 'otp push', 'Invalid challenge_type: push'],
      ['only whitespace', '   ', 'Invalid challenge_type:'],
    ])('answers 400 invalid_request for %s', async (_label, challengeType, description) => {
      await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken, challenge_type: challengeType });
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: description },
      });
    });

    it('reads another user’s authenticator_id exactly like an unknown one', async () => {
      const ada = await enrollOtp(server, tenant.client);
      await createUser(server.app, 'grace@example.com');
      const grace = await enrollOtp(server, tenant.client, 'grace@example.com');
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const recoveryId = (json(await listAuthenticators(server.app, mfaToken)) as { id: string; authenticator_type: string }[]).find(
        (row) => row.authenticator_type === 'recovery-code',
      )?.id;
      const answers = [];
      for (const authenticatorId of [grace.authenticatorId, 'totp|dev_0000000000000000', recoveryId]) {
        const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken, authenticator_id: authenticatorId });
        answers.push({ status: response.statusCode, body: json(response) });
      }
      expect(answers).toEqual([
        { status: 400, body: BAD_AUTHENTICATOR },
        { status: 400, body: BAD_AUTHENTICATOR },
        { status: 400, body: BAD_AUTHENTICATOR },
      ]);
      expect(ada.authenticatorId).not.toBe(grace.authenticatorId);
    });

    it('answers unsupported_challenge_type while the otp factor is disabled', async () => {
      await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false });
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: UNSUPPORTED });
    });
  });

  describe('mfa_token failures', () => {
    it('refuses an MFA-audience access token as mfa_token: Malformed (Auth0 community)', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll read:authenticators');
      const response = await challenge(server.app, { ...credentials(), mfa_token: accessToken });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 403, body: MALFORMED });
    });

    it.each([
      ['garbage', 'garbage'],
      ['a token of the right shape that was never issued', 'A'.repeat(43)],
      ['a forged JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
      ['a token with a trailing character', null],
    ])('refuses %s: Malformed', async (_label, forged) => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await challenge(server.app, { ...credentials(), mfa_token: forged ?? `${mfaToken}x` });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 403, body: MALFORMED });
    });

    it('accepts the mfa_token up to its 10-minute lifetime, then answers expired_token', async () => {
      await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      server.clock.advance(10 * 60_000 - 1000);
      const live = await challenge(server.app, { ...credentials(), mfa_token: mfaToken });
      expect(json(live)).toEqual({ challenge_type: 'otp' });
      server.clock.advance(2000);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken });
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 403,
        body: { error: 'expired_token', error_description: 'mfa_token is expired' },
      });
    });

    it('answers expired_token 10 minutes and 1 second after issue', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      server.clock.advance(10 * 60_000 + 1000);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken });
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 403,
        body: { error: 'expired_token', error_description: 'mfa_token is expired' },
      });
    });

    it('refuses another client’s mfa_token', async () => {
      const other = await createClient(server.app, undefined, 'Other App');
      const mfaToken = await loginForMfaToken(server.app, other);
      const response = await challenge(server.app, { ...credentials(), mfa_token: mfaToken });
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'mfa_token not issued to this client' },
      });
    });
  });

  describe('client authentication', () => {
    it.each([
      ['no client_secret for a confidential client', (c: { client_id: string; client_secret: string }) => ({ client_id: c.client_id })],
      ['a wrong client_secret', (c: { client_id: string; client_secret: string }) => ({ client_id: c.client_id, client_secret: `${c.client_secret}x` })],
      ['an unknown client_id', (c: { client_id: string; client_secret: string }) => ({ client_id: 'no-such-client', client_secret: c.client_secret })],
    ])('answers 401 invalid_client for %s', async (_label, auth) => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await challenge(server.app, { ...auth(tenant.client), mfa_token: mfaToken });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 401, body: INVALID_CLIENT });
    });

    it('accepts client_secret_basic', async () => {
      await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const basic = Buffer.from(`${tenant.client.client_id}:${tenant.client.client_secret}`).toString('base64');
      const response = await server.app.inject({
        method: 'POST',
        url: '/mfa/challenge',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ client_id: tenant.client.client_id, mfa_token: mfaToken }),
      });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 200, body: { challenge_type: 'otp' } });
    });

    it.each([
      ['mfa_token', { client_id: 'x' }, 'Missing required parameter: mfa_token'],
      ['client_id', { mfa_token: 'x' }, 'Missing required parameter: client_id'],
    ])('answers 400 invalid_request when %s is missing', async (_label, body, description) => {
      const response = await challenge(server.app, body);
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: description },
      });
    });
  });
});
