import type { FastifyPluginAsync } from 'fastify';
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { Type, type Static } from 'typebox';
import { requestOrigin } from '../../context.js';
import { safeEqual } from '../../crypto/secret-box.js';
import { countFatiguePushes } from '../../services/alerts.js';
import { announceResolved, deviceApi, txtknDigest } from '../../services/push.js';
import type { PushDeviceRow, PushTransactionRow } from '../../store/push.js';
import type { Tessera } from '../../context.js';
import { GuardianErrors } from '../../errors.js';
import { bearerToken, CLOCK_SKEW_S, importDeviceKey } from './device-auth.js';

/** "exp = iat + 30" (Guardian.swift `reponseExpiration`, Guardian.Android `ACCESS_APPROVAL_JWT_EXP_SECS`). */
export const CHALLENGE_RESPONSE_MAX_S = 30;
/** The reason a device sends for "this was not me"; with the tenant setting on, it locks the user's push. */
export const NOT_ME_REASON = 'not_me';

const Body = Type.Object({ challenge_response: Type.String({ minLength: 1, maxLength: 8192 }) });

/**
 * Verifies the device's signed answer (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift` `resolve`): RS256 by a key enrolled by this user (the one
 * whose `identifier` is `iss`), `sub` = the challenge, exact `aud`, `exp` at most 30 s after `iat` and ahead.
 * Anything wrong throws before the transaction is touched, so it stays pending.
 */
async function verifyResponse(t: Tessera, tx: PushTransactionRow, token: string): Promise<{ device: PushDeviceRow; claims: JWTPayload }> {
  let iss: string | undefined;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    throw GuardianErrors.invalidChallenge();
  }
  // One device app may hold several enrollments under the same identifier: try each of its keys.
  const candidates = (await t.store.push.devicesForUser(tx.user_id)).filter((d) => d.identifier === iss && (tx.link_id === null || d.link_id === tx.link_id));
  if (candidates.length === 0 || tx.challenge === null) throw GuardianErrors.invalidChallenge();
  for (const device of candidates) {
    const claims = await verifyWith(t, device, tx.challenge, token);
    if (claims) return { device, claims };
  }
  throw GuardianErrors.invalidChallenge();
}

async function verifyWith(t: Tessera, device: PushDeviceRow, challenge: string, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, await importDeviceKey(device.public_jwk), {
      algorithms: ['RS256'],
      audience: deviceApi(t).resolve,
      issuer: device.identifier,
      subject: challenge,
      currentDate: new Date(t.clock.now()),
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ['exp', 'iat'],
    });
    const now = Math.floor(t.clock.now() / 1000);
    const exp = payload.exp ?? 0;
    // The skew allowance is for a device clock that runs ahead, not for a longer-lived answer: exp − iat ≤ 30 too.
    if (exp > now + CHALLENGE_RESPONSE_MAX_S + CLOCK_SKEW_S || exp - (payload.iat ?? 0) > CHALLENGE_RESPONSE_MAX_S) return undefined;
    if (payload.auth0_guardian_method !== 'push' || typeof payload.auth0_guardian_accepted !== 'boolean') return undefined;
    return payload;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return undefined;
    throw error;
  }
}

/** POST {issuer}appliance-mfa/api/resolve-transaction: approve or deny a login from the device. */
export const resolveRoute: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.post<{ Body: Static<typeof Body> }>('/api/resolve-transaction', { schema: { body: Body } }, async (request, reply) => {
    const txtkn = bearerToken(request.headers.authorization);
    const tx = await t.store.push.byTxtkn(txtknDigest(t, txtkn));
    if (!tx || tx.kind !== 'challenge') throw GuardianErrors.transactionTokenInvalid();
    const now = t.clock.now();
    if (tx.status !== 'pending' || tx.expires_at <= now) throw GuardianErrors.transactionNotFound();
    const { device, claims } = await verifyResponse(t, tx, request.body.challenge_response);

    const origin = requestOrigin(request);
    const audit = async (type: 'gd_auth_rejected' | 'gd_auth_succeed', details: Record<string, unknown>) =>
      await t.audit.record({ type, origin, userId: tx.user_id, clientId: tx.client_id, details: { device_id: device.link_id, ...details } });
    const settle = async (status: 'accepted' | 'rejected', reason: string | null) => {
      if (!(await t.store.push.resolve(tx.oob_digest, status, reason, device.link_id, now))) throw GuardianErrors.transactionNotFound();
      await announceResolved(t, app.pushHub, tx, status);
    };

    if (claims.auth0_guardian_accepted === true) {
      const picked = typeof claims.tessera_number === 'string' ? claims.tessera_number : '';
      if (tx.number !== null && !safeEqual(picked, tx.number)) {
        await settle('rejected', 'number_mismatch');
        await audit('gd_auth_rejected', { reason: 'number_mismatch', method: 'push' });
        await countFatiguePushes(t, tx.user_id, origin, 'denied');
        throw GuardianErrors.numberMismatch();
      }
      await settle('accepted', null);
      return reply.code(204).send();
    }
    const reason = typeof claims.auth0_guardian_reason === 'string' ? claims.auth0_guardian_reason.slice(0, 200) : null;
    await settle('rejected', reason);
    await audit('gd_auth_rejected', { reason, method: 'push' });
    await countFatiguePushes(t, tx.user_id, origin, reason === NOT_ME_REASON ? 'not_me' : 'denied');
    if (reason === NOT_ME_REASON && (await t.store.tenant.pushSettings()).lock_on_reject) {
      await t.store.users.setPushLock(tx.user_id, now);
      await t.audit.record({ type: 'gd_tenant_update', origin, userId: tx.user_id, description: 'Push locked after a rejected login', details: { reason } });
    }
    return reply.code(204).send();
  });
};
