import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { createMachineClient, type MachineClient } from '../../helpers/management.js';
import { basicAuth, nowSeconds, oauthError, tokenJson, verifyJwt } from '../../helpers/oauth.js';
import { ASSERTION_TYPE, createCredential, enablePrivateKeyJwt, rsaKeyPair, signAssertion, type AssertionOptions, type CredentialBody } from '../../helpers/private-key-jwt.js';
import {
  buildTestServer,
  createClient,
  createUser,
  enableMfa,
  ISSUER,
  json,
  MGMT_AUDIENCE,
  mgmt,
  oathtool,
  PASSWORD,
  tokenRequest,
  type TestServer,
} from '../../helpers/server.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const INVALID_CLIENT = oauthError('invalid_client', 'Client authentication failed.');
/** Made once: RSA key generation is slow. */
const KEY = rsaKeyPair();
const OTHER_KEY = rsaKeyPair();
const SPARE_KEY = rsaKeyPair();

describe('POST /oauth/token: Private Key JWT client authentication (RFC 7523)', () => {
  let server: TestServer;
  let client: MachineClient;
  let credential: CredentialBody;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createMachineClient(server.app, ['read:users'], 'Signed Machine');
    credential = await createCredential(server.app, client.client_id, { name: 'Key', pem: KEY.publicKeyPem });
    await enablePrivateKeyJwt(server.app, client.client_id, [credential.id]);
  });
  afterEach(() => server.close());

  const options = (extra: Partial<AssertionOptions> = {}): AssertionOptions => ({ nowS: nowSeconds(server), ...extra });
  const assertion = (extra: Partial<AssertionOptions> = {}, key = KEY.privateKey) => signAssertion(key, client.client_id, options(extra));
  const exchange = (clientAssertion: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: clientAssertion,
        audience: MGMT_AUDIENCE,
        ...extra,
      }).toString(),
    });

  it('issues a client_credentials token for an assertion signed with the enabled credential', async () => {
    const response = await exchange(await assertion());
    expect(response.statusCode).toBe(200);
    const body = json(response) as { access_token: string };
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:users', expires_in: 86400, token_type: 'Bearer' });
    const iat = nowSeconds(server);
    expect((await verifyJwt(server, body.access_token, MGMT_AUDIENCE)).payload).toEqual({
      iss: ISSUER,
      sub: `${client.client_id}@clients`,
      aud: MGMT_AUDIENCE,
      azp: client.client_id,
      scope: 'read:users',
      gty: 'client-credentials',
      iat,
      exp: iat + 86400,
    });
  });

  const accepted: [string, (nowS: number) => Partial<AssertionOptions>][] = [
    ['aud = the token endpoint URL', () => ({ audience: `${ISSUER}oauth/token` })],
    ['aud an array naming the issuer', () => ({ audience: ['https://elsewhere.example/', ISSUER] })],
    ['the credential’s kid in the header', () => ({ header: { kid: credential.kid } })],
    ['no iat (exp within 5 minutes of now)', () => ({ omit: ['iat'] })],
    ['iat and nbf up to 10 s ahead (Auth0’s skew)', (nowS) => ({ claims: { iat: nowS + 10, nbf: nowS + 10, exp: nowS + 70 } })],
    ['a lifetime of exactly 5 minutes', (nowS) => ({ claims: { exp: nowS + 300 } })],
  ];
  it.each(accepted)('accepts %s', async (_label, extra) => {
    const response = await exchange(await assertion(extra(nowSeconds(server))));
    expect(response.statusCode, response.body).toBe(200);
  });

  it('accepts no client_id in the body (RFC 7521 §4.2), and a JSON body; an empty one is not the assertion’s', async () => {
    expect(json(await exchange(await assertion(), { client_id: '' }))).toEqual(INVALID_CLIENT);
    const response = await tokenJson(server.app, { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(), audience: MGMT_AUDIENCE });
    expect(response.statusCode, response.body).toBe(200);
  });

  const refusals: [string, () => Promise<string>][] = [
    ['a key the client never registered', () => assertion({}, OTHER_KEY.privateKey)],
    ['iss another client', () => assertion({ claims: { iss: 'someone-else' } })],
    ['sub another client', () => assertion({ claims: { sub: 'someone-else' } })],
    ['aud another server', () => assertion({ audience: 'https://evil.example/' })],
    ['aud the Management API', () => assertion({ audience: MGMT_AUDIENCE })],
    ['an expired assertion', () => assertion({ claims: { iat: nowSeconds(server) - 120, exp: nowSeconds(server) } })],
    ['a lifetime over 5 minutes', () => assertion({ claims: { exp: nowSeconds(server) + 301 } })],
    ['no iat and exp over 5 minutes ahead', () => assertion({ omit: ['iat'], claims: { exp: nowSeconds(server) + 320 } })],
    ['iat 11 s ahead', () => assertion({ claims: { iat: nowSeconds(server) + 11 } })],
    ['nbf 11 s ahead', () => assertion({ claims: { nbf: nowSeconds(server) + 11 } })],
    ['no exp', () => assertion({ omit: ['exp'] })],
    ['no jti', () => assertion({ omit: ['jti'] })],
    ['a jti over 64 characters', () => assertion({ claims: { jti: 'j'.repeat(65) } })],
    ['alg PS256 for an RS256 credential (same key)', () => assertion({ alg: 'PS256' })],
    ['a kid of no credential', () => assertion({ header: { kid: 'not-the-kid' } })],
    ['alg none', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: client.client_id, sub: client.client_id, aud: ISSUER, exp: nowSeconds(server) + 60, jti: 'x' })).toString('base64url')}.`],
    ['HS256 keyed with the public key', () => assertion({ alg: 'HS256' }, Buffer.from(KEY.publicKeyPem) as never)],
    ['not a JWT', async () => 'not-a-jwt'],
    ['three segments of garbage', async () => 'a.b.c'],
    ['9,000 characters of text', async () => 'x'.repeat(9000)],
  ];

  it.each(refusals)('refuses %s: 401 invalid_client', async (_label, make) => {
    const response = await exchange(await make());
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(INVALID_CLIENT);
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('refuses a client_id in the body that is not the assertion’s', async () => {
    const other = await createClient(server.app, ['client_credentials'], 'Other');
    const response = await exchange(await assertion(), { client_id: other.client_id });
    expect(json(response)).toEqual(INVALID_CLIENT);
  });

  it('refuses a credential the client does not list, and an expired one', async () => {
    const spare = await createCredential(server.app, client.client_id, { name: 'Spare', pem: SPARE_KEY.publicKeyPem });
    expect(json(await exchange(await assertion({}, SPARE_KEY.privateKey)))).toEqual(INVALID_CLIENT);
    await enablePrivateKeyJwt(server.app, client.client_id, [credential.id, spare.id]);
    expect((await exchange(await assertion({}, SPARE_KEY.privateKey))).statusCode).toBe(200);

    await mgmt(server.app, 'PATCH', `/api/v2/clients/${client.client_id}/credentials/${spare.id}`, { expires_at: new Date(server.clock.now() + 60_000).toISOString() });
    expect((await exchange(await assertion({}, SPARE_KEY.privateKey))).statusCode).toBe(200);
    server.clock.advance(60_000);
    expect(json(await exchange(await assertion({}, SPARE_KEY.privateKey)))).toEqual(INVALID_CLIENT);
    expect((await exchange(await assertion())).statusCode).toBe(200);
  });

  it('spends a jti once: the same assertion again is invalid_client', async () => {
    const once = await assertion();
    expect((await exchange(once)).statusCode).toBe(200);
    expect(json(await exchange(once))).toEqual(INVALID_CLIENT);
    // Another assertion with the same jti (re-signed) is the same replay.
    const jti = 'fixed-jti';
    expect((await exchange(await assertion({ claims: { jti } }))).statusCode).toBe(200);
    expect(json(await exchange(await assertion({ claims: { jti } })))).toEqual(INVALID_CLIENT);
  });

  it('of 50 parallel requests with one assertion, exactly one succeeds', async () => {
    const once = await assertion();
    const responses = await Promise.all(Array.from({ length: 50 }, () => exchange(once)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, ...Array(49).fill(401)]);
    for (const response of responses.filter((r) => r.statusCode !== 200)) expect(json(response)).toEqual(INVALID_CLIENT);
  });

  it('an assertion the server refused for its signature does not burn its jti', async () => {
    const jti = 'chosen-by-an-attacker';
    expect(json(await exchange(await assertion({ claims: { jti } }, OTHER_KEY.privateKey)))).toEqual(INVALID_CLIENT);
    expect((await exchange(await assertion({ claims: { jti } }))).statusCode).toBe(200);
  });

  it('a Private Key JWT client can no longer use its secret, by post or Basic', async () => {
    const post = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: MGMT_AUDIENCE });
    expect(post.statusCode).toBe(401);
    expect(json(post)).toEqual(INVALID_CLIENT);
    const basic = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(client.client_id, client.client_secret) },
      payload: `grant_type=client_credentials&audience=${encodeURIComponent(MGMT_AUDIENCE)}`,
    });
    expect(basic.statusCode).toBe(401);
    expect(json(basic)).toEqual(INVALID_CLIENT);
    expect(basic.headers['www-authenticate']).toBe('Basic realm="tessera"');
    const none = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: client.client_id, audience: MGMT_AUDIENCE });
    expect(json(none)).toEqual(INVALID_CLIENT);
  });

  it('a client with a secret cannot present an assertion, even signed by a key it has uploaded', async () => {
    const secretClient = await createMachineClient(server.app, ['read:users'], 'Secret Machine');
    await createCredential(server.app, secretClient.client_id, { pem: KEY.publicKeyPem });
    const signed = await signAssertion(KEY.privateKey, secretClient.client_id, options());
    expect(json(await exchange(signed, { client_id: secretClient.client_id }))).toEqual(INVALID_CLIENT);
  });

  it('switching back with client_authentication_methods: null restores the secret and refuses assertions', async () => {
    await mgmt(server.app, 'PATCH', `/api/v2/clients/${client.client_id}`, { client_authentication_methods: null, token_endpoint_auth_method: 'client_secret_post' });
    expect(json(await exchange(await assertion()))).toEqual(INVALID_CLIENT);
    const post = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: MGMT_AUDIENCE });
    expect(post.statusCode).toBe(200);
  });

  it.each([
    ['client_secret as well with 400 invalid_request', { client_secret: 'anything' }, {}, oauthError('invalid_request', 'Only one client authentication method may be used: client_assertion or client_secret.')],
    ['Basic credentials as well with 400 invalid_request', {}, { authorization: basicAuth('x', 'y') }, oauthError('invalid_request', 'Only one client authentication method may be used: client_assertion or client_secret.')],
    ['another client_assertion_type with 400 invalid_request', { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }, {}, oauthError('invalid_request', `Invalid client_assertion_type: only ${ASSERTION_TYPE} is supported.`)],
    ['an empty client_assertion with 401 invalid_client', { client_assertion: '' }, {}, null],
  ])('answers %s', async (_label, extra, headers, error) => {
    const body = json(await exchange(await assertion(), extra, headers));
    expect(body).toEqual(error ?? INVALID_CLIENT);
  });

  it('names the missing half of an assertion', async () => {
    const withoutType = await tokenJson(server.app, { grant_type: 'client_credentials', client_id: client.client_id, client_assertion: await assertion(), audience: MGMT_AUDIENCE });
    expect(withoutType.statusCode).toBe(400);
    expect(json(withoutType)).toEqual(oauthError('invalid_request', 'Missing required parameter: client_assertion_type'));
    const withoutAssertion = await tokenJson(server.app, { grant_type: 'client_credentials', client_id: client.client_id, client_assertion_type: ASSERTION_TYPE, audience: MGMT_AUDIENCE });
    expect(json(withoutAssertion)).toEqual(oauthError('invalid_request', 'Missing required parameter: client_assertion'));
    const notString = await tokenJson(server.app, { grant_type: 'client_credentials', client_id: client.client_id, client_assertion_type: ASSERTION_TYPE, client_assertion: { a: 1 }, audience: MGMT_AUDIENCE });
    expect(notString.statusCode).toBe(401);
    expect(json(notString)).toEqual(INVALID_CLIENT);
  });
});

describe('Private Key JWT on the MFA path: password → /mfa/challenge → mfa-otp', () => {
  let server: TestServer;
  let clientId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    await enableMfa(server.app);
    await createUser(server.app);
    const app = await createClient(server.app, [GRANT_TYPES.password, GRANT_TYPES.mfaOtp], 'Signed Web App');
    clientId = app.client_id;
    const credential = await createCredential(server.app, clientId, { pem: KEY.publicKeyPem });
    await enablePrivateKeyJwt(server.app, clientId, [credential.id]);
  });
  afterEach(() => server.close());

  const authentication = async () => ({ client_id: clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: await signAssertion(KEY.privateKey, clientId, { nowS: nowSeconds(server) }) });

  it('signs a user in with OTP, every client authentication by assertion', async () => {
    const login = await tokenRequest(server.app, { grant_type: 'password', username: 'ada@example.com', password: PASSWORD, scope: 'openid', ...(await authentication()) });
    expect(login.statusCode).toBe(403);
    const { mfa_token: mfaToken } = json(login) as { mfa_token: string };
    const associate = await server.app.inject({ method: 'POST', url: '/mfa/associate', headers: { authorization: `Bearer ${mfaToken}` }, payload: { authenticator_types: ['otp'] } });
    const { secret } = json(associate) as { secret: string };
    const confirm = await tokenRequest(server.app, { grant_type: GRANT_TYPES.mfaOtp, mfa_token: mfaToken, otp: oathtool(secret, server.clock.now()), ...(await authentication()) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    server.clock.advance(30_000);

    const again = json(await tokenRequest(server.app, { grant_type: 'password', username: 'ada@example.com', password: PASSWORD, scope: 'openid', ...(await authentication()) })) as { mfa_token: string };
    const challenge = await server.app.inject({ method: 'POST', url: '/mfa/challenge', payload: { mfa_token: again.mfa_token, challenge_type: 'otp', ...(await authentication()) } });
    expect(challenge.statusCode).toBe(200);
    expect(json(challenge)).toEqual({ challenge_type: 'otp' });
    // The secret is refused on /mfa/challenge too.
    const withSecret = await server.app.inject({ method: 'POST', url: '/mfa/challenge', payload: { mfa_token: again.mfa_token, client_id: clientId, client_secret: 'whatever-it-was' } });
    expect(withSecret.statusCode).toBe(401);
    expect(json(withSecret)).toEqual(INVALID_CLIENT);

    const verified = await tokenRequest(server.app, { grant_type: GRANT_TYPES.mfaOtp, mfa_token: again.mfa_token, otp: oathtool(secret, server.clock.now()), ...(await authentication()) });
    expect(verified.statusCode).toBe(200);
    expect(json(verified)).toEqual({ access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid', expires_in: 86400, token_type: 'Bearer' });
  });
});
