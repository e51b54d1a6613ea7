import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTestServer,
  enrollOtp,
  ISSUER,
  json,
  loginForMfaToken,
  mgmt,
  MFA_AUDIENCE,
  oathtool,
  type TestServer,
} from '../../helpers/server.js';
import {
  associate,
  authenticatorRows,
  challenge,
  deleteAuthenticator,
  listAuthenticators,
  mfaAccessToken,
  mfaTenant,
  otpGrant,
  verifyJwt,
  type MfaTenant,
} from '../../helpers/mfa.js';

const SECRET = /^[A-Z2-7]{32}$/;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const TOTP_ID = /^totp\|dev_[A-Za-z0-9]{16}$/;
const RECOVERY_ID = /^recovery-code\|dev_[A-Za-z0-9]{16}$/;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const barcodeUri = (secret: string) =>
  `otpauth://totp/Tessera%20Test:ada%40example.com?secret=${secret}&issuer=Tessera%20Test&algorithm=SHA1&digits=6&period=30`;

interface Association {
  authenticator_type: string;
  secret: string;
  barcode_uri: string;
  recovery_codes?: string[];
}

describe('POST /mfa/associate', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
  });
  afterEach(() => server.close());

  it('answers an OTP association with the secret, the exact barcode URI and the first recovery code', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken);
    expect(response.statusCode).toBe(200);
    const body = json(response) as Association;
    expect(body).toEqual({
      authenticator_type: 'otp',
      secret: expect.stringMatching(SECRET),
      barcode_uri: barcodeUri(body.secret),
      recovery_codes: [expect.stringMatching(RECOVERY_CODE)],
    });
    // The body holds a TOTP seed and a recovery code.
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('creates the authenticator inactive until the first code confirms it', async () => {
    const { app, clock } = server;
    const mfaToken = await loginForMfaToken(app, tenant.client);
    const { secret } = json(await associate(app, mfaToken)) as Association;

    const pending = await listAuthenticators(app, mfaToken);
    expect(json(pending)).toEqual([
      { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: false },
      { id: expect.stringMatching(TOTP_ID), authenticator_type: 'otp', active: false },
    ]);
    const notYet = await challenge(app, { client_id: tenant.client.client_id, client_secret: tenant.client.client_secret, mfa_token: mfaToken });
    expect(json(notYet)).toEqual({
      error: 'association_required',
      error_description: 'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
    });

    const confirm = await otpGrant(app, tenant.client, mfaToken, oathtool(secret, clock.now()));
    expect(confirm.statusCode).toBe(200);
    const ids = (json(pending) as { id: string }[]).map((row) => row.id);
    expect(json(await listAuthenticators(app, mfaToken))).toEqual([
      { id: ids[0], authenticator_type: 'recovery-code', active: true },
      { id: ids[1], authenticator_type: 'otp', active: true },
    ]);
  });

  it('replaces the pending authenticator (and pending recovery code) when associating again before confirming', async () => {
    const { app, clock } = server;
    const mfaToken = await loginForMfaToken(app, tenant.client);
    const first = json(await associate(app, mfaToken)) as Association;
    const firstList = json(await listAuthenticators(app, mfaToken)) as { id: string }[];
    const second = json(await associate(app, mfaToken)) as Association;
    expect(second.secret).not.toBe(first.secret);
    expect(second.recovery_codes).toEqual([expect.stringMatching(RECOVERY_CODE)]);
    expect(second.recovery_codes).not.toEqual(first.recovery_codes);

    const list = json(await listAuthenticators(app, mfaToken)) as { id: string }[];
    expect(list).toEqual([
      { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: false },
      { id: expect.stringMatching(TOTP_ID), authenticator_type: 'otp', active: false },
    ]);
    expect(list.map((row) => row.id)).not.toContain(firstList[1]?.id);
    expect(await authenticatorRows(server)).toHaveLength(2);

    // The replaced secret no longer confirms anything; the new one does.
    const stale = await otpGrant(app, tenant.client, mfaToken, oathtool(first.secret, clock.now()));
    expect({ status: stale.statusCode, body: json(stale) }).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'Invalid otp_code.' } });
    const fresh = await otpGrant(app, tenant.client, mfaToken, oathtool(second.secret, clock.now()));
    expect(fresh.statusCode).toBe(200);
  });

  it('omits recovery_codes when the recovery-code factor is disabled', async () => {
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/recovery-code', { enabled: false });
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken);
    const body = json(response) as Association;
    expect(body).toEqual({ authenticator_type: 'otp', secret: expect.stringMatching(SECRET), barcode_uri: barcodeUri(body.secret) });
    expect(json(await listAuthenticators(server.app, mfaToken))).toEqual([
      { id: expect.stringMatching(TOTP_ID), authenticator_type: 'otp', active: false },
    ]);
  });

  it('omits recovery_codes once the user has an active recovery code (re-enrolling after removing the OTP)', async () => {
    const { app } = server;
    const enrollment = await enrollOtp(server, tenant.client);
    const remover = await mfaAccessToken(server, tenant.client, enrollment.secret, 'remove:authenticators');
    expect((await deleteAuthenticator(app, remover, enrollment.authenticatorId)).statusCode).toBe(204);

    // No active factor is left, so an mfa_token may enroll again; the recovery code stays the old one.
    const mfaToken = await loginForMfaToken(app, tenant.client);
    const body = json(await associate(app, mfaToken)) as Association;
    expect(body).toEqual({ authenticator_type: 'otp', secret: expect.stringMatching(SECRET), barcode_uri: barcodeUri(body.secret) });
    expect(json(await listAuthenticators(app, mfaToken))).toEqual([
      { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: true },
      { id: expect.stringMatching(TOTP_ID), authenticator_type: 'otp', active: false },
    ]);
  });

  it('refuses an mfa_token once the user has an active authenticator', async () => {
    await enrollOtp(server, tenant.client);
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken);
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 403,
      body: { error: 'access_denied', error_description: 'User is already enrolled.' },
    });
  });

  it('lets an MFA-audience token with `enroll` add a second authenticator, confirmed with that token (Auth0 docs)', async () => {
    const { app, clock } = server;
    const enrollment = await enrollOtp(server, tenant.client);
    const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll read:authenticators');

    const response = await associate(app, accessToken);
    expect(response.statusCode).toBe(200);
    const second = json(response) as Association;
    expect(second).toEqual({ authenticator_type: 'otp', secret: expect.stringMatching(SECRET), barcode_uri: barcodeUri(second.secret) });
    expect(json(await listAuthenticators(app, accessToken))).toEqual([
      { id: expect.stringMatching(RECOVERY_ID), authenticator_type: 'recovery-code', active: true },
      { id: enrollment.authenticatorId, authenticator_type: 'otp', active: true },
      { id: expect.stringMatching(TOTP_ID), authenticator_type: 'otp', active: false },
    ]);

    const confirm = await otpGrant(app, tenant.client, accessToken, oathtool(second.secret, clock.now()));
    expect({ status: confirm.statusCode, body: json(confirm) }).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), scope: 'enroll read:authenticators', expires_in: 600, token_type: 'Bearer' },
    });
    const claims = await verifyJwt(app, (json(confirm) as { access_token: string }).access_token, clock.now(), MFA_AUDIENCE);
    expect(claims).toEqual({
      iss: ISSUER,
      sub: tenant.user.user_id,
      aud: MFA_AUDIENCE,
      azp: tenant.client.client_id,
      scope: 'enroll read:authenticators',
      gty: 'password',
      iat: Math.floor(clock.now() / 1000),
      exp: Math.floor(clock.now() / 1000) + 600,
    });
    const list = json(await listAuthenticators(app, accessToken)) as { authenticator_type: string; active: boolean }[];
    expect(list.filter((row) => row.authenticator_type === 'otp')).toEqual([
      { id: enrollment.authenticatorId, authenticator_type: 'otp', active: true },
      { id: expect.stringMatching(TOTP_ID), authenticator_type: 'otp', active: true },
    ]);
  });

  it('refuses an MFA-audience token without `enroll`', async () => {
    const enrollment = await enrollOtp(server, tenant.client);
    const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'read:authenticators remove:authenticators');
    const response = await associate(server.app, accessToken);
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 403,
      body: { error: 'insufficient_scope', error_description: 'Insufficient scope; expected any of: enroll.' },
    });
  });

  it('refuses OTP while the otp factor is disabled', async () => {
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false });
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken);
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 403,
      body: { error: 'access_denied', error_description: 'The otp factor is not enabled.' },
    });
  });

  it.each([
    ['sms', ['sms'], 'sms'],
    ['voice', ['voice'], 'sms'],
    ['push (auth0)', ['auth0'], 'push-notification'],
    ['email', ['email'], 'email'],
    ['a bare string channel', 'sms', 'sms'],
  ])('refuses the oob channel %s: its factor is not enabled', async (_label, channels, factor) => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: channels, phone_number: '+15555550100' });
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 403,
      body: { error: 'access_denied', error_description: `The ${factor} factor is not enabled.` },
    });
  });

  it.each([
    ['no authenticator_types', {}, 'Missing required parameter: authenticator_types'],
    ['a string instead of an array', { authenticator_types: 'otp' }, 'Invalid parameter: authenticator_types must be of type array'],
    ['an empty array', { authenticator_types: [] }, 'Invalid parameter: authenticator_types must NOT have fewer than 1 items'],
    ['a number inside', { authenticator_types: [1] }, 'Invalid parameter: authenticator_types.0 must be of type string'],
    ['null', { authenticator_types: null }, 'Invalid parameter: authenticator_types must be of type array'],
    ['an array body', [], 'The request body must be an object.'],
    ['oob without a channel', { authenticator_types: ['oob'] }, 'oob_channels must be one of: auth0, sms, voice, email'],
    ['oob with an unknown channel', { authenticator_types: ['oob'], oob_channels: ['carrier-pigeon'] }, 'oob_channels must be one of: auth0, sms, voice, email'],
  ])('answers 400 invalid_request for %s', async (_label, body, description) => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken, body);
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: description },
    });
  });

  it('answers 400 invalid_request naming the element for an unknown authenticator type', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const response = await associate(server.app, mfaToken, { authenticator_types: ['webauthn'] });
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: expect.stringMatching(/^Invalid parameter: authenticator_types\.0 /) },
    });
  });

  describe('bearer failures: 401 invalid_token with a WWW-Authenticate challenge', () => {
    const missing = { error: 'invalid_token', error_description: 'Authorization header with a Bearer token is required.' };
    const malformed = { error: 'invalid_token', error_description: 'Malformed mfa_token' };
    const invalidJwt = { error: 'invalid_token', error_description: 'The access token is invalid or expired.' };

    it.each([
      ['no Authorization header', undefined, missing, 'Bearer'],
      ['an empty bearer', '', missing, 'Bearer'],
      ['a garbage token', 'garbage', malformed, 'Bearer error="invalid_token"'],
      ['an unknown token of the right shape', 'A'.repeat(43), malformed, 'Bearer error="invalid_token"'],
      ['a forged JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', invalidJwt, 'Bearer error="invalid_token"'],
      ['a three-part garbage token', 'a.b.c', invalidJwt, 'Bearer error="invalid_token"'],
    ])('%s', async (_label, token, body, challengeHeader) => {
      const response =
        token === undefined
          ? await associate(server.app, undefined)
          : await server.app.inject({
              method: 'POST',
              url: '/mfa/associate',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              payload: JSON.stringify({ authenticator_types: ['otp'] }),
            });
      expect({ status: response.statusCode, body: json(response), challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        body,
        challenge: challengeHeader,
      });
    });

    it('a Basic Authorization header', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/mfa/associate',
        headers: { authorization: `Basic ${Buffer.from(`${tenant.client.client_id}:${tenant.client.client_secret}`).toString('base64')}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ authenticator_types: ['otp'] }),
      });
      expect({ status: response.statusCode, body: json(response), challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        body: missing,
        challenge: 'Bearer',
      });
    });

    it('an expired mfa_token (10 minutes and 1 second later)', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      server.clock.advance(10 * 60_000 + 1000);
      const response = await associate(server.app, mfaToken);
      expect({ status: response.statusCode, body: json(response), challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        body: { error: 'invalid_token', error_description: 'mfa_token is expired' },
        challenge: 'Bearer error="invalid_token"',
      });
    });

    it('an expired MFA-audience access token', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll');
      server.clock.advance(10 * 60_000 + 1000);
      const response = await associate(server.app, accessToken);
      expect({ status: response.statusCode, body: json(response), challenge: response.headers['www-authenticate'] }).toEqual({
        status: 401,
        body: { error: 'invalid_token', error_description: 'The access token has expired.' },
        challenge: 'Bearer error="invalid_token"',
      });
    });

    it('an access token for another audience', async () => {
      const enrollment = await enrollOtp(server, tenant.client);
      const mfaToken = await loginForMfaToken(server.app, tenant.client, { scope: 'enroll' });
      const login = await otpGrant(server.app, tenant.client, mfaToken, oathtool(enrollment.secret, server.clock.now()));
      const { access_token: userinfoToken } = json(login) as { access_token: string };
      const response = await associate(server.app, userinfoToken);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 401, body: invalidJwt });
    });
  });

  it('leaves the authenticators table untouched when it refuses', async () => {
    const { app } = server;
    const noRows = await authenticatorRows(server);
    await mgmt(app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false });
    const firstToken = await loginForMfaToken(app, tenant.client);
    expect((await associate(app, firstToken)).statusCode).toBe(403);
    expect((await associate(app, firstToken, { authenticator_types: ['oob'], oob_channels: ['sms'] })).statusCode).toBe(403);
    expect(await authenticatorRows(server)).toEqual(noRows);
    expect(noRows).toEqual([]);

    await mgmt(app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: true });
    const enrollment = await enrollOtp(server, tenant.client);
    const withoutEnroll = await mfaAccessToken(server, tenant.client, enrollment.secret, 'read:authenticators');
    const withEnroll = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll');
    const enrolled = await authenticatorRows(server);
    expect(enrolled.map((row) => [row.kind, row.active])).toEqual([
      ['recovery-code', 1],
      ['totp', 1],
    ]);

    const laterToken = await loginForMfaToken(app, tenant.client);
    const refusals = [
      () => associate(app, laterToken),
      () => associate(app, withoutEnroll),
      () => associate(app, withEnroll, { authenticator_types: ['oob'], oob_channels: ['auth0'] }),
      () => associate(app, withEnroll, { authenticator_types: [] }),
      async () => {
        await mgmt(app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false });
        return associate(app, withEnroll);
      },
    ];
    for (const refuse of refusals) {
      const response = await refuse();
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(await authenticatorRows(server)).toEqual(enrolled);
    }
  });

  it('an MFA-audience login carries the requested MFA scopes into the mfa_token', async () => {
    const enrollment = await enrollOtp(server, tenant.client);
    const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll read:authenticators remove:authenticators openid');
    expect(await verifyJwt(server.app, accessToken, server.clock.now())).toEqual({
      iss: ISSUER,
      sub: tenant.user.user_id,
      aud: [MFA_AUDIENCE, `${ISSUER}userinfo`],
      azp: tenant.client.client_id,
      scope: 'enroll read:authenticators remove:authenticators openid',
      gty: 'password',
      // Issued one step before mfaAccessToken moved the clock on.
      iat: Math.floor(server.clock.now() / 1000) - 30,
      exp: Math.floor(server.clock.now() / 1000) - 30 + 600,
    });
  });
});
