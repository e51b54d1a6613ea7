import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { ISSUER, json, mgmt } from './server.js';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface RsaKeyPair {
  privateKey: KeyObject;
  /** PKCS#8 PEM, as the SDKs' clientAssertionSigningKey takes it. */
  privateKeyPem: string;
  /** SPKI PEM, as POST /clients/{id}/credentials takes it. */
  publicKeyPem: string;
}

export function rsaKeyPair(modulusLength = 2048): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface CredentialBody {
  id: string;
  name: string;
  kid: string;
  alg: string;
  credential_type: string;
  created_at: string;
  updated_at: string;
  expires_at?: string;
}

/** POST /api/v2/clients/{id}/credentials with the admin token; the created credential. */
export async function createCredential(app: FastifyInstance, clientId: string, body: Record<string, unknown>): Promise<CredentialBody> {
  const response = await mgmt(app, 'POST', `/api/v2/clients/${clientId}/credentials`, { credential_type: 'public_key', ...body });
  if (response.statusCode !== 201) throw new Error(`create credential: ${response.body}`);
  return json(response) as CredentialBody;
}

/** Auth0's documented switch to Private Key JWT: client_authentication_methods set, token_endpoint_auth_method null. */
export async function enablePrivateKeyJwt(app: FastifyInstance, clientId: string, credentialIds: string[]): Promise<void> {
  const response = await mgmt(app, 'PATCH', `/api/v2/clients/${clientId}`, {
    token_endpoint_auth_method: null,
    client_authentication_methods: { private_key_jwt: { credentials: credentialIds.map((id) => ({ id })) } },
  });
  if (response.statusCode !== 200) throw new Error(`enable private_key_jwt: ${response.body}`);
}

export interface AssertionOptions {
  nowS: number;
  claims?: Record<string, unknown>;
  /** Claims to leave out (`jti`, `exp`…). */
  omit?: string[];
  header?: Record<string, unknown>;
  alg?: string;
  audience?: string | string[];
}

/** A client assertion as RFC 7523 §3 and Auth0's SDKs build it: iss = sub = client_id, aud = the issuer, 2 minutes, a fresh jti. */
export async function signAssertion(privateKey: KeyObject, clientId: string, options: AssertionOptions): Promise<string> {
  const claims: Record<string, unknown> = {
    iss: clientId,
    sub: clientId,
    aud: options.audience ?? ISSUER,
    iat: options.nowS,
    exp: options.nowS + 120,
    jti: randomUUID(),
    ...options.claims,
  };
  for (const name of options.omit ?? []) delete claims[name];
  const alg = options.alg ?? 'RS256';
  return new SignJWT(claims).setProtectedHeader({ alg, ...options.header }).sign(privateKey);
}
