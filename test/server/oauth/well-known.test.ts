import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestServer, ISSUER, json, type TestServer } from '../../helpers/server.js';

describe('/.well-known', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  it('publishes the OpenID Provider metadata, every URL under the issuer', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/.well-known/openid-configuration' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(json(response)).toEqual({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}oauth/token`,
      jwks_uri: `${ISSUER}.well-known/jwks.json`,
      mfa_challenge_endpoint: `${ISSUER}mfa/challenge`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['token', 'id_token'],
      grant_types_supported: [
        'password',
        'http://auth0.com/oauth/grant-type/password-realm',
        'refresh_token',
        'client_credentials',
        'http://auth0.com/oauth/grant-type/mfa-otp',
        'http://auth0.com/oauth/grant-type/mfa-oob',
        'http://auth0.com/oauth/grant-type/mfa-recovery-code',
      ],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'PS256'],
      claims_supported: [
        'aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'nickname', 'picture', 'sub', 'updated_at',
      ],
    });
  });

  it('publishes one public RS256 signing key and never a private member', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(json(response)).toEqual({
      keys: [
        {
          kty: 'RSA',
          kid: expect.stringMatching(/^[A-Za-z0-9]{22}$/),
          alg: 'RS256',
          use: 'sig',
          n: expect.stringMatching(/^[A-Za-z0-9_-]{342}$/),
          e: 'AQAB',
        },
      ],
    });
    const [key] = (json(response) as { keys: Record<string, unknown>[] }).keys;
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) expect(key).not.toHaveProperty(member);
  });

  it('keeps the same key across requests and restarts on the same database', async () => {
    const first = json(await server.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }));
    await server.close({ keepFiles: true });
    server = await buildTestServer({ dbPath: server.dbPath, dataKey: server.dataKey, clock: server.clock });
    const second = json(await server.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }));
    expect(second).toEqual(first);
  });
});
