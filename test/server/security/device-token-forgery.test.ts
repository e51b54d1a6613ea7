import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceAccountsAudience } from '../../../src-main/push-device/base-url';
import { mgmtError, tamperToken, unsignedToken } from '../../helpers/management.js';
import { ADMIN } from '../../helpers/server.js';
import type { FetchLike } from '../../../src-main/push-device';
import { enrollPushUser, pushTenant, startPushTessera, type ApiResponse, type PushTessera, type TestDevice } from '../../helpers/push.js';

/**
 * The device API takes JWTs signed by the key a device enrolled. Claim checks are tested with tokens
 * signed by that real key (from the device's key store), so each row fails for the reason it names.
 */

const INVALID = { status: 401, body: mgmtError(401, 'invalid_token', 'Invalid token') };

let server: PushTessera;
let device: TestDevice;
let deviceKey: JWK;
let mfaToken: string;
let managementToken: string;

const nowS = () => Math.floor(Date.now() / 1000);
const claims = (): JWTPayload => ({
  iss: device.account.enrollmentId,
  sub: device.account.userId,
  aud: deviceAccountsAudience(device.account.baseUrl),
  iat: nowS(),
  exp: nowS() + 600,
});

async function signReal(payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(await importJWK(deviceKey, 'RS256'));
}

async function signForeign(payload: JWTPayload, header: (jwk: JWK) => Record<string, unknown> = () => ({})): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', ...header(jwk) } as { alg: string }).sign(privateKey);
}

function patchAccount(token: string): Promise<ApiResponse> {
  return server.call('PATCH', `/appliance-mfa/api/device-accounts/${device.account.enrollmentId}`, { bearer: token, json: { name: 'Renamed' } });
}

beforeAll(async () => {
  server = await startPushTessera();
  const { client, user } = await pushTenant(server);
  const enrolled = await enrollPushUser(server, client, user.email);
  device = enrolled.device;
  mfaToken = enrolled.mfaToken;
  const key = await device.keyStore.load(device.account.enrollmentId);
  if (!key) throw new Error('no device key');
  deviceKey = key;
  const token = await server.call<{ access_token: string }>('POST', '/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: `${server.issuer}api/v2/` },
  });
  managementToken = token.body.access_token;
}, 60_000);
afterAll(() => server.close());

describe('the device API refuses forged and misused tokens', () => {
  it('accepts the harness’s genuine token (signed by the device key, right claims)', async () => {
    expect((await patchAccount(await signReal(claims()))).status).toBe(200);
  });

  const publicPem = () => createPublicKey({ key: { kty: 'RSA', n: deviceKey.n, e: deviceKey.e } as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();

  it.each<[string, () => Promise<string> | string]>([
    ['alg none', async () => unsignedToken(await signReal(claims()))],
    ['HS256 signed with the device public key (RS/HS confusion)', () =>
      new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(publicPem()))],
    ['a foreign RSA key', () => signForeign(claims())],
    ['a wrong audience', () => signReal({ ...claims(), aud: 'https://evil.example/device-accounts' })],
    ['a wrong issuer (another enrollment)', () => signReal({ ...claims(), iss: 'dev_someoneelse' })],
    ['a wrong subject', () => signReal({ ...claims(), sub: 'auth0|someoneelse' })],
    ['an expired token', () => signReal({ ...claims(), iat: nowS() - 7200, exp: nowS() - 3600 })],
    ['nbf in the future', () => signReal({ ...claims(), nbf: nowS() + 3600 })],
    ['a lifetime beyond 2 hours', () => signReal({ ...claims(), exp: nowS() + 86_400 })],
    ['a tampered payload', async () => tamperToken(await signReal(claims()), { exp: nowS() + 7000 })],
    ['an embedded jwk header', () => signForeign(claims(), (jwk) => ({ jwk }))],
    ['a jku header', () => signForeign(claims(), () => ({ jku: 'https://evil.example/jwks.json' }))],
    ['an mfa_token', () => mfaToken],
    ['a Management API access token', () => managementToken],
  ])('refuses %s', async (_label, forge) => {
    const response = await patchAccount(await forge());
    expect({ status: response.status, body: response.body }).toEqual(INVALID);
  });
});

describe('the device-account calls also take the enrollment’s own token (older Guardian SDKs)', () => {
  let enrollment: { id: string; token: string };
  let second: TestDevice;
  beforeAll(async () => {
    const { client } = await pushTenant(server, 'grace@example.com');
    // The token is in the enroll response only: read it as a Guardian SDK would keep it.
    const keepToken: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (input.endsWith('/api/enroll') && response.status === 201) enrollment = (await response.clone().json()) as { id: string; token: string };
      return response;
    };
    second = (await enrollPushUser(server, client, 'grace@example.com', 'Grace’s phone', keepToken)).device;
    expect(enrollment.id).toBe(second.account.enrollmentId);
    expect(enrollment.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  }, 60_000);

  const accountUrl = (id: string) => `/appliance-mfa/api/device-accounts/${id}`;

  it('renames the device with Bearer <token>', async () => {
    const response = await server.call('PATCH', accountUrl(enrollment.id), { bearer: enrollment.token, json: { name: 'Renamed' } });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 200, body: { id: enrollment.id, identifier: second.account.identifier, name: 'Renamed' },
    });
  });

  it.each<[string, () => [string, string]]>([
    ['the token with one character changed', () => [enrollment.id, `${enrollment.token.slice(0, -1)}${enrollment.token.endsWith('A') ? 'B' : 'A'}`]],
    ['the token on another enrollment', () => [device.account.enrollmentId, enrollment.token]],
    ['the token on an enrollment that does not exist', () => ['dev_doesnotexist00', enrollment.token]],
  ])('refuses %s', async (_label, call) => {
    const [id, bearer] = call();
    const response = await server.call('PATCH', accountUrl(id), { bearer, json: { name: 'Stolen' } });
    expect({ status: response.status, body: response.body }).toEqual(INVALID);
  });

  it('is not a key to the event stream, which takes only the device-signed JWT', async () => {
    const response = await server.call('GET', `/appliance-mfa/api/device-accounts/${enrollment.id}/events`, { bearer: enrollment.token });
    expect({ status: response.status, body: response.body }).toEqual(INVALID);
  });

  it('unenrolls the device with Bearer <token>; then the token opens nothing', async () => {
    expect((await server.call('DELETE', accountUrl(enrollment.id), { bearer: enrollment.token })).status).toBe(204);
    const again = await server.call('DELETE', accountUrl(enrollment.id), { bearer: enrollment.token });
    expect({ status: again.status, body: again.body }).toEqual(INVALID);
  });
});
