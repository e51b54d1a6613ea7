import { transaction, type Tessera } from '../context.js';
import { randomToken } from '../crypto/random.js';
import { generateTotpSecret } from '../factors/otp.js';
import { authenticatorId, newLinkId } from './authenticators.js';
import { activatePendingRecoveryCode } from './enrollment.js';
import { enrollmentTxDigest } from './push.js';

/** What a device sends to `POST {issuer}appliance-mfa/api/enroll` (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift` `enroll`), its key already checked. */
/** What is stored of the token the enroll response gives a device (only its keyed digest). */
export function deviceTokenDigest(t: Tessera, token: string): string {
  return t.secrets.digest('device-token', token);
}

export interface DeviceRegistration {
  identifier: string;
  name: string;
  push_credentials?: { service: string; token: string };
  public_key: { n: string; e: string };
}

/** The new enrollment as the device learns it: its id, the linked TOTP seed and the device token. */
export interface EnrolledDevice {
  linkId: string;
  secret: string;
  deviceToken: string;
}

/**
 * The rows every push enrollment creates, however the device was let in: the push authenticator, its
 * linked TOTP authenticator (the enroll response `totp`, https://github.com/auth0/Guardian.swift `Guardian/Enrollment/Enrollment.swift`) and the device. Runs inside the caller's transaction.
 */
export async function insertPushDevice(t: Tessera, userId: string, linkId: string, device: DeviceRegistration, now: number): Promise<EnrolledDevice> {
  const secret = generateTotpSecret(t.random);
  const deviceToken = randomToken(t.random, 32);
  const base = { user_id: userId, link_id: linkId, name: device.name, code_digest: null, active: true, last_used_step: null, created_at: now, confirmed_at: now, last_auth_at: null };
  await t.store.authenticators.insert({ ...base, id: authenticatorId('push', linkId), kind: 'push', secret_enc: null });
  const totpId = authenticatorId('totp', linkId);
  await t.store.authenticators.insert({ ...base, id: totpId, kind: 'totp', secret_enc: t.secrets.encrypt(secret, `authenticator:${totpId}`) });
  await t.store.push.insertDevice({
    link_id: linkId, user_id: userId, identifier: device.identifier, name: device.name,
    public_jwk: { kty: 'RSA', n: device.public_key.n, e: device.public_key.e, alg: 'RS256', use: 'sig' },
    push_credentials: device.push_credentials ?? { service: 'TESSERA_SSE', token: device.identifier },
    token_digest: deviceTokenDigest(t, deviceToken), created_at: now, updated_at: now,
  });
  return { linkId, secret, deviceToken };
}

export type TransactionEnrollment = { ok: true; userId: string; clientId: string; enrolled: EnrolledDevice } | { ok: false };

/** The device spends the `/mfa/associate` enrollment transaction from the QR code (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators). */
export async function enrollWithTransaction(t: Tessera, enrollmentTx: string, device: DeviceRegistration): Promise<TransactionEnrollment> {
  const now = t.clock.now();
  const tx = await t.store.push.byEnrollmentTx(enrollmentTxDigest(t, enrollmentTx));
  if (!tx || tx.status !== 'pending' || tx.expires_at <= now) return { ok: false };
  const linkId = newLinkId(t);
  return await transaction(t, async (t): Promise<TransactionEnrollment> => {
    // The transaction works once: of two devices racing, one wins.
    if (!(await t.store.push.resolve(tx.oob_digest, 'accepted', null, linkId, now))) return { ok: false };
    const enrolled = await insertPushDevice(t, tx.user_id, linkId, device, now);
    await activatePendingRecoveryCode(t, tx.user_id, now);
    return { ok: true, userId: tx.user_id, clientId: tx.client_id, enrolled };
  });
}
