import { SignJWT, type CryptoKey } from 'jose';
import { deviceAccountsAudience } from './base-url';
import { DEVICE_KEY_ALG, loadDeviceKey } from './device-key';
import type { Clock, DeviceAccount, KeyStore } from './types';

// Guardian.Android `BASIC_JWT_EXP_SECS = 60 * 60 * 2` (https://github.com/auth0/Guardian.Android `guardian/src/main/java/com/auth0/android/guardian/sdk/GuardianAPIClient.java`).
export const DEVICE_JWT_TTL_S = 7200;
// Reused until this close to expiry, so a token never dies in flight or mid-reconnect.
export const DEVICE_JWT_REFRESH_MARGIN_S = 300;

/** The bearer for the event stream and account management: iss = enrollment id, aud = collection URL. */
export async function signDeviceJwt(account: DeviceAccount, key: CryptoKey, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: DEVICE_KEY_ALG, typ: 'JWT' })
    .setIssuer(account.enrollmentId)
    .setSubject(account.userId)
    .setAudience(deviceAccountsAudience(account.baseUrl))
    .setIssuedAt(iat)
    .setExpirationTime(iat + DEVICE_JWT_TTL_S)
    .sign(key);
}

export interface DeviceTokens {
  get(account: DeviceAccount): Promise<string>;
  forget(enrollmentId: string): void;
}

export function createDeviceTokens(keyStore: KeyStore, clock: Clock): DeviceTokens {
  const cache = new Map<string, { token: string; expS: number }>();
  return {
    async get(account) {
      const nowS = Math.floor(clock.now() / 1000);
      const cached = cache.get(account.enrollmentId);
      if (cached && cached.expS - nowS > DEVICE_JWT_REFRESH_MARGIN_S) return cached.token;
      const key = await loadDeviceKey(keyStore, account.enrollmentId);
      const token = await signDeviceJwt(account, key, nowS * 1000);
      cache.set(account.enrollmentId, { token, expS: nowS + DEVICE_JWT_TTL_S });
      return token;
    },
    forget(enrollmentId) {
      cache.delete(enrollmentId);
    },
  };
}
