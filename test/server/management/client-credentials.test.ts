import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_NOT_FOUND, invalidBody, mgmtError } from '../../helpers/management.js';
import { createCredential, rsaKeyPair, type CredentialBody, type RsaKeyPair } from '../../helpers/private-key-jwt.js';
import { buildTestServer, createClient, json, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';

const CREDENTIAL_ID = /^cred_[A-Za-z0-9]{22}$/;
const CREDENTIAL_NOT_FOUND = mgmtError(404, 'inexistent_client_credential', 'The client credential does not exist.');
const MUTUALLY_EXCLUSIVE = mgmtError(400, 'invalid_body', 'The client_authentication_methods and token_endpoint_auth_method properties are mutually exclusive.');
const iso = (ms: number) => new Date(ms).toISOString();

/** A self-signed certificate valid for `days` from the real clock (openssl, as an operator makes one). */
function certificate(days: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-cred-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=app', '-days', String(days), '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const thumbprint = async (pem: string) => calculateJwkThumbprint(await exportJWK(createPublicKey(pem)));

/** Made once: keys are slow to generate. */
const keys: RsaKeyPair = rsaKeyPair();
const cert = certificate(3650);

describe('Management API: client credentials (Private Key JWT)', () => {

  let server: TestServer;
  let token: string;
  let client: TestClient;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
    client = await createClient(server.app, ['client_credentials'], 'Signing App');
  });
  afterEach(() => server.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => mgmt(server.app, method, path, body, token);
  const credentials = (clientId = client.client_id) => `/api/v2/clients/${clientId}/credentials`;

  describe('POST /api/v2/clients/{id}/credentials', () => {
    it('stores an SPKI public key: RS256 by default, its RFC 7638 thumbprint as kid, no expiry', async () => {
      const response = await call('POST', credentials(), { credential_type: 'public_key', name: 'Signing key', pem: keys.publicKeyPem });
      expect(response.statusCode).toBe(201);
      expect(json(response)).toEqual({
        id: expect.stringMatching(CREDENTIAL_ID),
        name: 'Signing key',
        kid: await thumbprint(keys.publicKeyPem),
        alg: 'RS256',
        credential_type: 'public_key',
        created_at: iso(server.clock.now()),
        updated_at: iso(server.clock.now()),
      });
    });

    it('takes a PKCS#1 key with an alg, an expiry and a kid of the caller’s', async () => {
      const pkcs1 = createPublicKey(keys.publicKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
      const response = await call('POST', credentials(), { credential_type: 'public_key', pem: pkcs1, alg: 'PS256', expires_at: '2030-01-01T00:00:00Z', kid: 'my-key-2030' });
      expect(response.statusCode).toBe(201);
      expect(json(response)).toEqual({
        id: expect.stringMatching(CREDENTIAL_ID),
        name: '',
        kid: 'my-key-2030',
        alg: 'PS256',
        credential_type: 'public_key',
        created_at: iso(server.clock.now()),
        updated_at: iso(server.clock.now()),
        expires_at: '2030-01-01T00:00:00.000Z',
      });
    });

    it('takes an X.509 certificate, and with parse_expiry_from_cert its notAfter as the expiry', async () => {
      const response = await call('POST', credentials(), { credential_type: 'public_key', name: 'Cert', pem: cert, alg: 'RS384', parse_expiry_from_cert: true });
      expect(response.statusCode).toBe(201);
      const x509 = new X509Certificate(cert);
      expect(json(response)).toEqual({
        id: expect.stringMatching(CREDENTIAL_ID),
        name: 'Cert',
        kid: await thumbprint(x509.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
        alg: 'RS384',
        credential_type: 'public_key',
        created_at: iso(server.clock.now()),
        updated_at: iso(server.clock.now()),
        expires_at: iso(Date.parse(x509.validTo)),
      });
    });

    const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const shortPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const ONE_KEY = 'The pem must be one PEM-encoded public key (SPKI or PKCS#1) or X.509 certificate.';
    const RSA_2048 = 'The pem must hold an RSA public key of at least 2048 bits.';
    it.each([
      ['text that is no PEM', 'not a key', ONE_KEY],
      ['a private key', privatePem, ONE_KEY],
      ['two keys', `${shortPem}${shortPem}`, ONE_KEY],
      ['a PEM block of garbage', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'The pem could not be parsed as a public key or X.509 certificate.'],
      ['an EC key', ecPem, RSA_2048],
      ['a 1024-bit RSA key', shortPem, RSA_2048],
    ])('refuses %s with 400 invalid_body, storing nothing', async (_label, pem, message) => {
      const response = await call('POST', credentials(), { credential_type: 'public_key', pem });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'invalid_body', message));
      expect(json(await call('GET', credentials()))).toEqual([]);
    });

    it.each([
      ['an expiry in the past', { expires_at: '2020-01-01T00:00:00Z' }, 'expires_at must be a date in the future.'],
      ['parse_expiry_from_cert with a bare key', { parse_expiry_from_cert: true }, 'parse_expiry_from_cert needs an X.509 certificate in pem.'],
      ['both expiry fields', { parse_expiry_from_cert: true, expires_at: '2030-01-01T00:00:00Z' }, 'expires_at and parse_expiry_from_cert cannot be used together.'],
    ])('refuses %s', async (_label, extra, message) => {
      const response = await call('POST', credentials(), { credential_type: 'public_key', pem: keys.publicKeyPem, ...extra });
      expect(json(response)).toEqual(mgmtError(400, 'invalid_body', message));
    });

    it.each([
      ['an mTLS credential type', { credential_type: 'x509_cert', pem: keys.publicKeyPem }, "'must be equal to constant' on property credential_type"],
      ['an alg Auth0 does not offer', { credential_type: 'public_key', pem: keys.publicKeyPem, alg: 'HS256' }, "'must be equal to constant' on property alg"],
      ['an unknown field', { credential_type: 'public_key', pem: keys.publicKeyPem, secret: 'x' }, "'Additional properties not allowed: secret'"],
      ['no pem', { credential_type: 'public_key' }, "'Missing required property: pem'"],
    ])('refuses %s as invalid_body', async (_label, body, detail) => {
      const response = await call('POST', credentials(), body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
    });

    it('answers 404 inexistent_client for an unknown client', async () => {
      const response = await call('POST', credentials('no-such-client'), { credential_type: 'public_key', pem: keys.publicKeyPem });
      expect(json(response)).toEqual(CLIENT_NOT_FOUND);
    });
  });

  describe('reading, updating and deleting', () => {
    let first: CredentialBody;
    let second: CredentialBody;
    beforeEach(async () => {
      first = await createCredential(server.app, client.client_id, { name: 'First', pem: keys.publicKeyPem });
      server.clock.advance(1000);
      second = await createCredential(server.app, client.client_id, { name: 'Second', pem: keys.publicKeyPem, alg: 'PS256' });
    });

    it('lists the client’s credentials oldest first, and gets one', async () => {
      expect(json(await call('GET', credentials()))).toEqual([first, second]);
      expect(json(await call('GET', `${credentials()}/${second.id}`))).toEqual(second);
      expect(first.created_at).not.toBe(second.created_at);
    });

    it('PATCH sets and clears expires_at, moving updated_at', async () => {
      server.clock.advance(60_000);
      const set = await call('PATCH', `${credentials()}/${first.id}`, { expires_at: '2031-06-01T12:00:00Z' });
      expect(set.statusCode).toBe(200);
      const updated = { ...first, updated_at: iso(server.clock.now()), expires_at: '2031-06-01T12:00:00.000Z' };
      expect(json(set)).toEqual(updated);
      expect(json(await call('GET', `${credentials()}/${first.id}`))).toEqual(updated);

      const cleared = await call('PATCH', `${credentials()}/${first.id}`, { expires_at: null });
      expect(json(cleared)).toEqual({ ...first, updated_at: iso(server.clock.now()) });
    });

    it('PATCH takes only expires_at, as Auth0 "Update a client credential"', async () => {
      const response = await call('PATCH', `${credentials()}/${first.id}`, { name: 'Renamed' });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody("'Additional properties not allowed: name'"));
      expect(json(await call('GET', `${credentials()}/${first.id}`))).toEqual(first);
    });

    it('DELETE removes one credential; then it is 404', async () => {
      const response = await call('DELETE', `${credentials()}/${first.id}`);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(json(await call('GET', credentials()))).toEqual([second]);
      expect(json(await call('GET', `${credentials()}/${first.id}`))).toEqual(CREDENTIAL_NOT_FOUND);
      expect(json(await call('DELETE', `${credentials()}/${first.id}`))).toEqual(CREDENTIAL_NOT_FOUND);
    });

    it('never reaches another client’s credential, and an unknown client is inexistent_client', async () => {
      const other = await createClient(server.app, ['client_credentials'], 'Other');
      const path = `${credentials(other.client_id)}/${first.id}`;
      expect(json(await call('GET', path))).toEqual(CREDENTIAL_NOT_FOUND);
      expect(json(await call('PATCH', path, { expires_at: null }))).toEqual(CREDENTIAL_NOT_FOUND);
      expect(json(await call('DELETE', path))).toEqual(CREDENTIAL_NOT_FOUND);
      expect(json(await call('GET', credentials('no-such-client')))).toEqual(CLIENT_NOT_FOUND);
      expect(json(await call('GET', `${credentials('no-such-client')}/${first.id}`))).toEqual(CLIENT_NOT_FOUND);
      expect(json(await call('GET', credentials()))).toEqual([first, second]);
    });

    it('deleting the client deletes its credentials', async () => {
      expect((await call('DELETE', `/api/v2/clients/${client.client_id}`)).statusCode).toBe(204);
      const recreated = await call('GET', credentials());
      expect(json(recreated)).toEqual(CLIENT_NOT_FOUND);
    });
  });

  describe('PATCH /api/v2/clients/{id}: client_authentication_methods', () => {
    let credential: CredentialBody;
    beforeEach(async () => {
      credential = await createCredential(server.app, client.client_id, { name: 'Key', pem: keys.publicKeyPem });
    });
    const patchClient = (body: unknown) => call('PATCH', `/api/v2/clients/${client.client_id}`, body);
    const PRIVATE_KEY_JWT = () => ({ private_key_jwt: { credentials: [{ id: credential.id }] } });

    it('switches the client to Private Key JWT: GET shows the credentials in place of token_endpoint_auth_method', async () => {
      const response = await patchClient({ token_endpoint_auth_method: null, client_authentication_methods: PRIVATE_KEY_JWT() });
      expect(response.statusCode).toBe(200);
      const expected = {
        client_id: client.client_id,
        name: 'Signing App',
        is_first_party: true,
        callbacks: [],
        grant_types: ['client_credentials'],
        client_authentication_methods: PRIVATE_KEY_JWT(),
        client_secret: client.client_secret,
      };
      expect(json(response)).toEqual(expected);
      expect(json(await call('GET', `/api/v2/clients/${client.client_id}`))).toEqual(expected);
      // Without token_endpoint_auth_method: null too (it is the only method left).
      expect((await patchClient({ client_authentication_methods: PRIVATE_KEY_JWT() })).statusCode).toBe(200);
    });

    it('back to a secret only through client_authentication_methods: null', async () => {
      await patchClient({ token_endpoint_auth_method: null, client_authentication_methods: PRIVATE_KEY_JWT() });
      expect(json(await patchClient({ token_endpoint_auth_method: 'client_secret_basic' }))).toEqual(MUTUALLY_EXCLUSIVE);
      const response = await patchClient({ client_authentication_methods: null, token_endpoint_auth_method: 'client_secret_basic' });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic' });
      expect(json(response)).not.toHaveProperty('client_authentication_methods');
    });

    it.each([
      ['both properties set', () => ({ token_endpoint_auth_method: 'client_secret_post', client_authentication_methods: PRIVATE_KEY_JWT() }), MUTUALLY_EXCLUSIVE],
      ['a credential id the client does not have', () => ({ client_authentication_methods: { private_key_jwt: { credentials: [{ id: 'cred_0000000000000000000000' }] } } }), mgmtError(400, 'invalid_body', 'The credential cred_0000000000000000000000 does not exist on this client.')],
      ['token_endpoint_auth_method null alone', () => ({ token_endpoint_auth_method: null }), mgmtError(400, 'invalid_body', 'token_endpoint_auth_method cannot be null without client_authentication_methods.')],
    ])('refuses %s, changing nothing', async (_label, body, error) => {
      const before = json(await call('GET', `/api/v2/clients/${client.client_id}`));
      expect(json(await patchClient(body()))).toEqual(error);
      expect(json(await call('GET', `/api/v2/clients/${client.client_id}`))).toEqual(before);
    });
  });
});
