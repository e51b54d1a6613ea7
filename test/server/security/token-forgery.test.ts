import { createPublicKey } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRandom } from '../../../server/crypto/random.js';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { MANAGEMENT_SCOPES } from '../../../server/scopes.js';
import { buildConfiguredServer } from '../../helpers/configured-server.js';
import { queryRows } from '../../helpers/db.js';
import { mgmtError, tamperToken, unsignedToken } from '../../helpers/management.js';
import {
  ADMIN, createClient, createUser, enableMfa, ISSUER, json, loginForMfaToken, MFA_AUDIENCE, MGMT_AUDIENCE, PASSWORD, tokenRequest,
  type TestClient, type TestServer,
} from '../../helpers/server.js';

/**
 * Every forged or misused token is refused by both the Management API and the MFA API, with the exact
 * error body. Claim checks are tested with tokens signed by the server's real key (read from the test
 * database), so each row fails for the reason it names, not for a bad signature.
 */

const MGMT_INVALID = { status: 401, body: mgmtError(401, 'invalid_token', 'Invalid token') };
const MGMT_AUDIENCE_BAD = { status: 401, body: mgmtError(401, 'invalid_token', 'Bad audience') };
const MGMT_EXPIRED = { status: 401, body: mgmtError(401, 'invalid_token', 'Expired token received for JSON Web Token validation') };
const MFA_INVALID = { status: 401, body: { error: 'invalid_token', error_description: 'The access token is invalid or expired.' } };
const MFA_EXPIRED = { status: 401, body: { error: 'invalid_token', error_description: 'The access token has expired.' } };

type Api = 'management' | 'mfa';
interface Keys { kid: string; privateJwk: JWK; publicJwk: JWK; publicPem: string }

let server: TestServer;
let keys: Keys;
let client: TestClient;
let userId: string;
const genuine: Partial<Record<'mfaToken' | 'idToken' | 'managementToken', string>> = {};

async function serverKeys(): Promise<Keys> {
  const [row] = await queryRows<{ kid: string; private_jwk_enc: string; public_jwk: string }>(
    server,
    'SELECT kid, private_jwk_enc, public_jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1',
  );
  if (!row) throw new Error('no signing key');
  const privateJwk = JSON.parse(createSecretBox(server.dataKey, systemRandom).decrypt(row.private_jwk_enc, `signing-key:${row.kid}`)) as JWK;
  const publicJwk = JSON.parse(row.public_jwk) as JWK;
  const publicPem = createPublicKey({ key: publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  return { kid: row.kid, privateJwk, publicJwk, publicPem };
}

const nowS = () => Math.floor(server.clock.now() / 1000);

function claimsFor(api: Api): JWTPayload {
  const base = { iss: ISSUER, iat: nowS(), exp: nowS() + 3600 };
  return api === 'management'
    ? { ...base, aud: MGMT_AUDIENCE, sub: `${ADMIN.clientId}@clients`, azp: ADMIN.clientId, scope: MANAGEMENT_SCOPES.join(' '), gty: 'client-credentials' }
    : { ...base, aud: MFA_AUDIENCE, sub: userId, azp: client.client_id, scope: 'read:authenticators remove:authenticators' };
}

async function signReal(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid, ...header }).sign(await importJWK(keys.privateJwk, 'RS256'));
}

async function signForeign(claims: JWTPayload, header: (publicJwk: JWK) => Record<string, unknown>): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', ...header(publicJwk) } as { alg: string }).sign(privateKey);
}

function call(api: Api, token: string) {
  const url = api === 'management' ? '/api/v2/users' : '/mfa/authenticators';
  return server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  server = await buildConfiguredServer();
  keys = await serverKeys();
  client = await createClient(server.app);
  userId = (await createUser(server.app)).user_id;
  const login = await tokenRequest(server.app, {
    grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: 'ada@example.com', password: PASSWORD, scope: 'openid',
  });
  genuine.idToken = (json(login) as { id_token: string }).id_token;
  await enableMfa(server.app);
  genuine.mfaToken = await loginForMfaToken(server.app, client);
  genuine.managementToken = await signReal(claimsFor('management'));
});
afterAll(() => server.close());

describe('the forging harness', () => {
  it.each<Api>(['management', 'mfa'])('gets a token signed with the server key and right claims accepted by the %s API', async (api) => {
    expect((await call(api, await signReal(claimsFor(api)))).statusCode).toBe(200);
  });
});

type Forge = (api: Api) => Promise<string> | string;
const FORGERIES: [string, Forge, { management: typeof MGMT_INVALID; mfa: typeof MFA_INVALID }][] = [
  ['alg none', async (api) => unsignedToken(await signReal(claimsFor(api))), { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['HS256 signed with the public key (RS/HS confusion)', async (api) =>
    new SignJWT(claimsFor(api)).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keys.kid }).sign(new TextEncoder().encode(keys.publicPem)),
  { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['HS256 keyed with the public JWK modulus', async (api) =>
    new SignJWT(claimsFor(api)).setProtectedHeader({ alg: 'HS256', kid: keys.kid }).sign(Buffer.from(keys.publicJwk.n ?? '', 'base64url')),
  { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['a foreign RSA key with the same kid', (api) => signForeign(claimsFor(api), () => ({ kid: keys.kid })), { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['a wrong audience', (api) => signReal({ ...claimsFor(api), aud: 'https://evil.example/' }), { management: MGMT_AUDIENCE_BAD, mfa: MFA_INVALID }],
  ['a wrong issuer', (api) => signReal({ ...claimsFor(api), iss: 'https://evil.example/' }), { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['an expired token', (api) => signReal({ ...claimsFor(api), iat: nowS() - 7200, exp: nowS() - 3600 }), { management: MGMT_EXPIRED, mfa: MFA_EXPIRED }],
  ['nbf in the future', (api) => signReal({ ...claimsFor(api), nbf: nowS() + 3600 }), { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['a tampered payload (scope and subject edited)', async (api) => tamperToken(await signReal({ ...claimsFor(api), scope: '' }), { scope: claimsFor(api).scope, sub: 'someone-else' }),
    { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['a missing kid', (api) => signForeign(claimsFor(api), () => ({})), { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['an embedded jwk header', (api) => signForeign(claimsFor(api), (jwk) => ({ kid: keys.kid, jwk })), { management: MGMT_INVALID, mfa: MFA_INVALID }],
  ['a jku header', (api) => signForeign(claimsFor(api), () => ({ kid: keys.kid, jku: 'https://evil.example/jwks.json' })), { management: MGMT_INVALID, mfa: MFA_INVALID }],
];

describe.each<Api>(['management', 'mfa'])('the %s API refuses a forged token', (api) => {
  it.each(FORGERIES)('%s', async (_label, forge, expected) => {
    const response = await call(api, await forge(api));
    expect({ status: response.statusCode, body: json(response) }).toEqual(expected[api]);
  });
});

describe('token-type swaps', () => {
  it.each<[string, () => Promise<{ statusCode: number; body: string }>, unknown]>([
    ['an mfa_token at the Management API', () => call('management', genuine.mfaToken ?? ''), MGMT_INVALID],
    ['an id_token as a Management access token', () => call('management', genuine.idToken ?? ''), MGMT_AUDIENCE_BAD],
    ['an id_token as an MFA bearer', () => call('mfa', genuine.idToken ?? ''), MFA_INVALID],
    ['a Management access token as an MFA bearer', () => call('mfa', genuine.managementToken ?? ''), MFA_INVALID],
    ['an mfa_token where an MFA access token is required (DELETE /mfa/authenticators)', () =>
      server.app.inject({ method: 'DELETE', url: '/mfa/authenticators/totp|dev_x', headers: { authorization: `Bearer ${genuine.mfaToken ?? ''}` } }), MFA_INVALID],
    ['an access token as the mfa_token of the mfa-otp grant', () => tokenRequest(server.app, {
      grant_type: GRANT_TYPES.mfaOtp, client_id: client.client_id, client_secret: client.client_secret, mfa_token: genuine.managementToken ?? '', otp: '123456',
    }), { status: 403, body: { error: 'invalid_grant', error_description: 'Malformed mfa_token' } }],
  ])('refuses %s', async (_label, send, expected) => {
    const response = await send();
    expect({ status: response.statusCode, body: JSON.parse(response.body) as unknown }).toEqual(expected);
  });
});
