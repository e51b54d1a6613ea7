import { decodeJwt, errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose';
import { ManagementError } from '../../errors.js';
import type { Tessera } from '../../context.js';
import type { PushDeviceRow } from '../../store/push.js';
import { deviceApi } from '../../services/push.js';

/** Device JWTs for the stream and account management may live 2 hours (GSW/GAND `BASIC_JWT_EXP_SECS`). */
export const DEVICE_JWT_MAX_S = 7200;
/** Clock skew tolerated between a device and the server. */
export const CLOCK_SKEW_S = 60;

export const GuardianErrors = {
  invalidToken: () => new ManagementError(401, 'invalid_token', 'Invalid token'),
  invalidBearer: () => new ManagementError(401, 'invalid_bearer_format', 'Authorization header must be "Bearer <token>".'),
  deviceNotFound: () => new ManagementError(404, 'device_account_not_found', 'Device account not found.'),
  enrollmentTxNotFound: () =>
    new ManagementError(404, 'enrollment_transaction_not_found', 'The mfa enrollment transaction is not active or has expired'),
  transactionTokenInvalid: () => new ManagementError(404, 'invalid_token', 'Invalid transaction token'),
  transactionNotFound: () =>
    new ManagementError(404, 'login_transaction_not_found', 'The mfa auth transaction is not active or has already expired'),
  invalidChallenge: () => new ManagementError(401, 'invalid_challenge', 'Invalid challenge_response'),
  numberMismatch: () =>
    new ManagementError(403, 'number_mismatch', 'The number picked does not match the one on the sign-in screen; the login was rejected.'),
  invalidPublicKey: () => new ManagementError(400, 'invalid_body', 'public_key must be an RSA public JWK of at least 2048 bits.'),
} as const;

export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw GuardianErrors.invalidBearer();
  return match[1];
}

export async function importDeviceKey(jwk: JWK) {
  return importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256');
}

/**
 * A device proves itself with a JWT signed by the key it enrolled: `iss` = enrollment id (the one in
 * the URL), `sub` = user id, `aud` = `{base}/device-accounts`, `exp` at most 2 hours ahead (reference §7.6).
 */
export async function authenticateDevice(t: Tessera, authorization: string | undefined, enrollmentId: string): Promise<PushDeviceRow> {
  const token = bearerToken(authorization);
  let claimed: string | undefined;
  try {
    claimed = decodeJwt(token).iss;
  } catch {
    throw GuardianErrors.invalidToken();
  }
  const device = claimed === enrollmentId ? t.store.push.device(enrollmentId) : undefined;
  if (!device) throw GuardianErrors.invalidToken();
  try {
    const now = Math.floor(t.clock.now() / 1000);
    const { payload } = await jwtVerify(token, await importDeviceKey(JSON.parse(device.public_jwk) as JWK), {
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
