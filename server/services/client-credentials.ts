import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { randomString } from '../crypto/random.js';
import { ManagementErrors } from '../errors.js';
import type { Tessera } from '../context.js';
import type { ClientCredentialRow } from '../store/clients.js';

/** Auth0 "Create a client credential": the signing algorithms a public_key credential may name (RS256 when none is). */
export const CREDENTIAL_ALGS = ['RS256', 'RS384', 'PS256'] as const;
export type CredentialAlg = (typeof CREDENTIAL_ALGS)[number];
export const DEFAULT_CREDENTIAL_ALG: CredentialAlg = 'RS256';
export const PUBLIC_KEY_CREDENTIAL = 'public_key';
/** RFC 7518 §3.3 and §3.5: "A key of size 2048 bits or larger MUST be used" with these algorithms. */
export const MIN_RSA_MODULUS_BITS = 2048;
/**
 * The client's token_endpoint_auth_method while client_authentication_methods.private_key_jwt is set: the
 * two are mutually exclusive in Auth0 ("Update a client"), and the Management API shows the latter.
 */
export const PRIVATE_KEY_JWT = 'private_key_jwt';

/** "PEM-formatted public key (SPKI and PKCS1) or X509 certificate" (Auth0 "Create a client credential"). */
const PEM_LABELS = ['PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE'] as const;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export interface UploadedKey {
  /** SPKI PEM, whatever the upload's form. */
  publicKeyPem: string;
  /** RFC 7638 thumbprint of the key: the `kid` an assertion's header may carry. */
  kid: string;
  /** A certificate's notAfter, in ms; null for a bare key. */
  certificateExpiresAt: number | null;
}

function keyOf(pem: string): { key: KeyObject; certificateExpiresAt: number | null } {
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const label = blocks[0]?.[1];
  if (blocks.length !== 1 || !(PEM_LABELS as readonly string[]).includes(label ?? '') || pem.replace(PEM_BLOCK, '').trim() !== '') {
    throw ManagementErrors.invalidBody('The pem must be one PEM-encoded public key (SPKI or PKCS#1) or X.509 certificate.');
  }
  try {
    if (label === 'CERTIFICATE') {
      const certificate = new X509Certificate(pem);
      return { key: certificate.publicKey, certificateExpiresAt: Date.parse(certificate.validTo) };
    }
    return { key: createPublicKey({ key: pem, format: 'pem' }), certificateExpiresAt: null };
  } catch {
    throw ManagementErrors.invalidBody('The pem could not be parsed as a public key or X.509 certificate.');
  }
}

/** Reads an uploaded PEM; refuses private keys, non-RSA keys and keys under 2048 bits, as invalid_body. */
export async function readUploadedKey(pem: string): Promise<UploadedKey> {
  const { key, certificateExpiresAt } = keyOf(pem);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_MODULUS_BITS) {
    throw ManagementErrors.invalidBody(`The pem must hold an RSA public key of at least ${MIN_RSA_MODULUS_BITS} bits.`);
  }
  const publicKeyPem = key.export({ type: 'spki', format: 'pem' }).toString();
  const kid = await calculateJwkThumbprint(await exportJWK(key));
  return { publicKeyPem, kid, certificateExpiresAt: Number.isFinite(certificateExpiresAt) ? certificateExpiresAt : null };
}

export function newCredentialId(t: Tessera): string {
  return `cred_${randomString(t.random, 22)}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The credential as Auth0's Management API shows it (https://auth0.com/docs/api/management/v2/clients/get-credentials). */
export function credentialView(row: ClientCredentialRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    kid: row.kid,
    alg: row.alg,
    credential_type: PUBLIC_KEY_CREDENTIAL,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    ...(row.expires_at !== null ? { expires_at: iso(row.expires_at) } : {}),
  };
}

/** Public keys are parsed once per stored PEM; bounded, for a tenant with many clients. */
const keyCache = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 1000;

export function credentialKey(row: ClientCredentialRow): KeyObject {
  const cached = keyCache.get(row.public_key_pem);
  if (cached) return cached;
  const key = createPublicKey({ key: row.public_key_pem, format: 'pem' });
  if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
  keyCache.set(row.public_key_pem, key);
  return key;
}
