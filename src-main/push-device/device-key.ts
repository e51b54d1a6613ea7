import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { PushDeviceError } from './errors';
import type { KeyStore } from './types';

export const DEVICE_KEY_ALG = 'RS256';
const DEVICE_KEY_MODULUS_BITS = 2048;

/** The public half sent as `public_key` at enrollment (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift` `enroll`). */
export interface DevicePublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  alg: typeof DEVICE_KEY_ALG;
  use: 'sig';
}

export interface DeviceKeyPair {
  privateJwk: JWK;
  publicJwk: DevicePublicJwk;
}

export async function generateDeviceKey(): Promise<DeviceKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(DEVICE_KEY_ALG, {
    modulusLength: DEVICE_KEY_MODULUS_BITS,
    extractable: true,
  });
  const { n, e } = await exportJWK(publicKey);
  if (!n || !e) throw new PushDeviceError('generated key has no RSA modulus/exponent');
  const privateJwk = { ...(await exportJWK(privateKey)), alg: DEVICE_KEY_ALG, use: 'sig' };
  return { privateJwk, publicJwk: { kty: 'RSA', n, e, alg: DEVICE_KEY_ALG, use: 'sig' } };
}

export async function loadDeviceKey(keyStore: KeyStore, enrollmentId: string): Promise<CryptoKey> {
  const jwk = await keyStore.load(enrollmentId);
  if (!jwk) throw new PushDeviceError(`no device key stored for enrollment ${enrollmentId}`);
  const key = await importJWK(jwk, DEVICE_KEY_ALG);
  if (key instanceof Uint8Array) throw new PushDeviceError(`stored key for ${enrollmentId} is not an RSA key`);
  return key;
}
