import { AuthClient, isMfaRequiredError, type MfaChallengeError } from '@auth0/auth0-auth-js';
import { ManagementClient } from 'auth0';
import { AuthenticationClient, type AuthenticationClientOptions } from 'auth0-v4';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { ASSERTION_TYPE, rsaKeyPair, signAssertion } from '../helpers/private-key-jwt.js';
import { oathtool, PASSWORD } from '../helpers/server.js';
import { CONNECTION, MFA_OTP, v7Management } from './v7-support.js';

/**
 * Private Key JWT as an app written against Auth0 sets it up and uses it, unchanged, against Tessera over
 * HTTPS: the credential and the switch through auth0@7's ManagementClient, then each official SDK signing
 * its own client assertions from `clientAssertionSigningKey` (aud `https://{domain}/`, a fresh jti each).
 */

const EMAIL = 'ada@example.com';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const KEY = rsaKeyPair();

describe('Private Key JWT with the official SDKs', () => {
  let server: HttpsTessera;
  let admin: ManagementClient;
  let clientId: string;
  let credentialId: string;
  beforeEach(async () => {
    server = await startHttpsTessera();
    admin = v7Management(server);
    const app = await admin.clients.create({ name: 'Signed App', app_type: 'regular_web', grant_types: ['client_credentials', 'password', MFA_OTP] });
    clientId = app.client_id ?? '';
    await admin.clientGrants.create({ client_id: clientId, audience: `${server.issuer}api/v2/`, scope: ['read:users'] });
    const credential = await admin.clients.credentials.create(clientId, { credential_type: 'public_key', name: 'SDK key', pem: KEY.publicKeyPem, alg: 'RS256' });
    credentialId = credential.id ?? '';
    await admin.clients.update(clientId, { token_endpoint_auth_method: null, client_authentication_methods: { private_key_jwt: { credentials: [{ id: credentialId }] } } });
  });
  afterEach(() => server.close());

  it('auth0@7 ManagementClient manages the credential and shows the client’s authentication method', async () => {
    expect(await admin.clients.credentials.list(clientId)).toEqual([
      { id: credentialId, name: 'SDK key', kid: expect.any(String), alg: 'RS256', credential_type: 'public_key', created_at: expect.any(String), updated_at: expect.any(String) },
    ]);
    const client = await admin.clients.get(clientId);
    expect(client.client_authentication_methods).toEqual({ private_key_jwt: { credentials: [{ id: credentialId }] } });
    expect(client.token_endpoint_auth_method).toBeUndefined();
    const updated = await admin.clients.credentials.update(clientId, credentialId, { expires_at: '2099-01-01T00:00:00.000Z' });
    expect(updated.expires_at).toBe('2099-01-01T00:00:00.000Z');
  });

  it('auth0@7 ManagementClient gets its token with clientAssertionSigningKey', async () => {
    const signed = new ManagementClient({ domain: server.domain, clientId, clientAssertionSigningKey: KEY.privateKeyPem, fetch: server.fetch, maxRetries: 0 });
    const users = await signed.users.list();
    expect(users.data).toEqual([]);
    // Every token request signs a new assertion (a fresh jti): a second client gets a token too.
    const again = new ManagementClient({ domain: server.domain, clientId, clientAssertionSigningKey: KEY.privateKeyPem, fetch: server.fetch, maxRetries: 0 });
    expect((await again.users.list()).data).toEqual([]);
  });

  it('auth0 (v4, auth0/legacy) AuthenticationClient: client_credentials with clientAssertionSigningKey', async () => {
    const transport = { domain: server.domain, fetch: server.fetch, agent: server.agent as unknown as AuthenticationClientOptions['agent'] };
    const auth = new AuthenticationClient({ ...transport, clientId, clientAssertionSigningKey: KEY.privateKeyPem });
    const { data } = await auth.oauth.clientCredentialsGrant({ audience: `${server.issuer}api/v2/` });
    expect(data).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:users', expires_in: 86400, token_type: 'Bearer' });
    expect(decodeJwt(data.access_token)).toMatchObject({ sub: `${clientId}@clients`, azp: clientId });
  });

  it('@auth0/auth0-auth-js AuthClient: password → mfa_required → enroll OTP → verify, then an OTP sign-in, every token request by assertion', async () => {
    await admin.guardian.factors.set('otp', { enabled: true });
    await admin.guardian.policies.set(['all-applications']);
    const user = await admin.users.create({ connection: CONNECTION, email: EMAIL, password: PASSWORD });
    const auth = new AuthClient({ domain: server.domain, clientId, clientAssertionSigningKey: KEY.privateKeyPem, customFetch: server.fetch });

    const mfaToken = async () => {
      const error = await auth.getTokenByPassword({ username: EMAIL, password: PASSWORD, scope: 'openid profile email' }).then(() => undefined, (caught: unknown) => caught);
      if (!isMfaRequiredError(error)) throw error instanceof Error ? error : new Error('expected mfa_required');
      return error.cause.mfa_token;
    };
    const first = await mfaToken();
    const enrollment = await auth.mfa.enrollAuthenticator({ authenticatorTypes: ['otp'], mfaToken: first });
    if (enrollment.authenticatorType !== 'otp') throw new Error('expected an OTP enrollment');
    const enrolled = await auth.mfa.verify({ mfaToken: first, factorType: 'otp', otp: oathtool(enrollment.secret, server.clock.now()) });
    expect(enrolled.accessToken).toMatch(JWT);
    server.clock.advance(30_000);

    const second = await mfaToken();
    // auth-js's challengeAuthenticator sends client_secret or nothing, never an assertion: for a Private Key
    // JWT app /mfa/challenge needs one (Auth0 "Request MFA challenge": client_assertion is conditional), so
    // the SDK's call is refused and an app sends its own, as below. An OTP needs no challenge anyway.
    const sdkChallenge = await auth.mfa.challengeAuthenticator({ challengeType: 'otp', mfaToken: second }).then(() => undefined, (caught: unknown) => caught);
    expect((sdkChallenge as MfaChallengeError).cause).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    const challenge = await server.fetch(new URL('/mfa/challenge', server.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        mfa_token: second,
        client_id: clientId,
        challenge_type: 'otp',
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: await signAssertion(KEY.privateKey, clientId, { nowS: Math.floor(Date.now() / 1000), audience: server.issuer }),
      }),
    });
    expect(await challenge.json()).toEqual({ challenge_type: 'otp' });
    const tokens = await auth.mfa.verify({ mfaToken: second, factorType: 'otp', otp: oathtool(enrollment.secret, server.clock.now()) });
    expect(tokens.idToken).toMatch(JWT);
    expect(tokens.claims).toMatchObject({ iss: server.issuer, sub: user.user_id, email: EMAIL });
  });

  it('a secret no longer signs the app in once it uses Private Key JWT', async () => {
    const response = await server.fetch(new URL('/oauth/token', server.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'any-secret', audience: `${server.issuer}api/v2/` }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
  });
});
