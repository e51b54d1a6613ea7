import { decodeJwt, errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose';
import { GuardianErrors, ManagementError } from '../../errors.js';
import type { Tessera } from '../../context.js';
import type { PushDeviceRow } from '../../store/push.js';
import { deviceTokenDigest } from '../../services/device-enrollment.js';
import { deviceApi } from '../../services/push.js';
import { safeEqual } from '../../crypto/secret-box.js';

/** Device JWTs for the stream and account management may live 2 hours (Guardian.Android `BASIC_JWT_EXP_SECS`). */
export const DEVICE_JWT_MAX_S = 7200;
/** Clock skew tolerated between a device and the server. */
export const CLOCK_SKEW_S = 60;

export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw GuardianErrors.invalidBearer();
  return match[1];
}

export async function importDeviceKey(jwk: JWK) {
  return importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256');
}

/**
 * The legacy bearer of the device-account calls: the `token` the enroll response gave the device, which
 * older Guardian SDKs send as `Bearer <ENROLLMENT_DEVICE_TOKEN>` (https://github.com/auth0/Guardian.swift
 * README, "Unenroll"). Only its digest is stored; compared in constant time, and the same work is done for
 * an unknown enrollment id.
 */
async function deviceOfEnrollmentToken(t: Tessera, token: string, enrollmentId: string): Promise<PushDeviceRow> {
  const device = await t.store.push.device(enrollmentId);
  const matches = safeEqual(deviceTokenDigest(t, token), device?.token_digest ?? '');
  if (!device || !matches) throw GuardianErrors.invalidToken();
  return device;
}

/**
 * A device proves itself with a JWT signed by the key it enrolled: `iss` = enrollment id (the one in
 * the URL), `sub` = user id, `aud` = `{base}/device-accounts`, `exp` at most 2 hours ahead (https://github.com/auth0/Guardian.Android `guardian/src/main/java/com/auth0/android/guardian/sdk/GuardianAPIClient.java` `createBasicJWT`).
 * With `enrollmentToken` (the device-account calls), a bearer that is no JWT may be the enrollment's token.
 */
export async function authenticateDevice(
  t: Tessera,
  authorization: string | undefined,
  enrollmentId: string,
  { enrollmentToken = false }: { enrollmentToken?: boolean } = {},
): Promise<PushDeviceRow> {
  const token = bearerToken(authorization);
  let claimed: string | undefined;
  try {
    claimed = decodeJwt(token).iss;
  } catch {
    if (enrollmentToken) return await deviceOfEnrollmentToken(t, token, enrollmentId);
    throw GuardianErrors.invalidToken();
  }
  const device = claimed === enrollmentId ? (await t.store.push.device(enrollmentId)) : undefined;
  if (!device) throw GuardianErrors.invalidToken();
  try {
    const now = Math.floor(t.clock.now() / 1000);
    const { payload } = await jwtVerify(token, await importDeviceKey(device.public_jwk), {
      algorithms: ['RS256'],
      audience: deviceApi(t).deviceAccounts,
      issuer: enrollmentId,
      subject: device.user_id,
      currentDate: new Date(t.clock.now()),
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ['exp', 'iat'],
    });
    if ((payload.exp ?? 0) > now + DEVICE_JWT_MAX_S + CLOCK_SKEW_S) throw GuardianErrors.invalidToken();
  } catch (error) {
    if (error instanceof ManagementError || error instanceof joseErrors.JOSEError) throw GuardianErrors.invalidToken();
    throw error;
  }
  return device;
}
