import { randomString, randomToken } from '../crypto/random.js';
import { transaction, type RequestOrigin, type Tessera } from '../context.js';
import type { Random } from '../deps.js';
import type { PushTransactionRow } from '../store/push.js';
import type { BucketPolicy } from '../store/rate-buckets.js';
import { countExpiredPushes } from './alerts.js';
import { pendingRecoveryCode } from './enrollment.js';
import type { PushEvent, PushHub } from './push-hub.js';
import { describeUserAgent } from './user-agent.js';

/** "Scan within the next 5 minutes" (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators); login requests live as long. */
export const PUSH_ENROLLMENT_TTL_MS = 5 * 60_000;
export const PUSH_CHALLENGE_TTL_MS = 5 * 60_000;
/** Push notifications per user: burst 5, 5 per minute (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public). */
export const PUSH_SEND_BUCKET: BucketPolicy = { capacity: 5, refillMs: 12_000 };
/** MFA OOB token exchange: 12 per minute per transaction (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public). */
export const OOB_POLL_BUCKET: BucketPolicy = { capacity: 12, refillMs: 5_000 };

const OOB_DIGEST = 'oob-code';
const ENROLLMENT_TX_DIGEST = 'push-enrollment-tx';
const TXTKN_DIGEST = 'push-txtkn';

export const oobDigest = (t: Tessera, code: string) => t.secrets.digest(OOB_DIGEST, code);
export const enrollmentTxDigest = (t: Tessera, tx: string) => t.secrets.digest(ENROLLMENT_TX_DIGEST, tx);
export const txtknDigest = (t: Tessera, token: string) => t.secrets.digest(TXTKN_DIGEST, token);

/** The Guardian device API lives under `{issuer}appliance-mfa/api/` (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift`). */
export function deviceApi(t: Tessera) {
  const base = `${t.config.issuer}appliance-mfa/api/`;
  return { base, deviceAccounts: `${base}device-accounts`, resolve: `${base}resolve-transaction` };
}

/**
 * What a push enrollment QR code carries (https://github.com/auth0/auth0-guardian.js `lib/utils/enrollment_uri_helper.js` keys and order): the
 * device spends `enrollmentTxId` (an /mfa/associate transaction, or an enrollment ticket `gten_…`) at
 * `base_url` (Guardian SDKs append `appliance-mfa`). No `secret` or `id`: the device receives its TOTP and enrollment id when it enrolls.
 * Values are percent-encoded: not `+` for a space, which not every otpauth parser reads as one.
 */
export async function pushEnrollmentUri(t: Tessera, email: string, enrollmentTxId: string): Promise<string> {
  const tenant = await t.store.tenant.name();
  const params: [key: string, value: string][] = [
    ['enrollment_tx_id', enrollmentTxId],
    ['issuer', tenant],
    ['base_url', `${t.config.issuer}appliance-mfa/`],
  ];
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `otpauth://totp/${encodeURIComponent(tenant)}:${encodeURIComponent(email)}?${query}`;
}

export interface PushAssociation {
  authenticator_type: 'oob';
  barcode_uri: string;
  recovery_codes?: string[];
  oob_channel: 'auth0';
  oob_code: string;
}

/** `/mfa/associate` for push (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators): a 5-minute enrollment transaction the device completes. */
export async function startPushEnrollment(t: Tessera, userId: string, clientId: string): Promise<PushAssociation> {
  const user = await t.store.users.find(userId);
  if (!user) throw new Error('startPushEnrollment: unknown user');
  const now = t.clock.now();
  const enrollmentTx = randomString(t.random, 32);
  const oobCode = randomToken(t.random, 32);
  const recoveryCode = await transaction(t, async (t) => {
    await t.store.push.insertTransaction({
      oob_digest: oobDigest(t, oobCode), kind: 'enrollment', user_id: userId, client_id: clientId,
      enrollment_tx_digest: enrollmentTxDigest(t, enrollmentTx), link_id: null, txtkn_digest: null, txtkn_enc: null,
      challenge: null, number: null, number_choices: null, context: null, status: 'pending', reason: null,
      created_at: now, expires_at: now + PUSH_ENROLLMENT_TTL_MS, resolved_at: null, consumed_at: null,
    });
    return await pendingRecoveryCode(t, userId, now);
  });
  return {
    authenticator_type: 'oob',
    barcode_uri: (await pushEnrollmentUri(t, user.email, enrollmentTx)),
    ...(recoveryCode ? { recovery_codes: [recoveryCode] } : {}),
    oob_channel: 'auth0',
    oob_code: oobCode,
  };
}

function twoDigit(random: Random): string {
  for (;;) {
    const byte = random.bytes(1)[0] ?? 0;
    if (byte < 180) return String(10 + (byte % 90));
  }
}

/** The right number and two decoys, in random order (Fisher–Yates). */
export function numberChoices(random: Random): { number: string; choices: string[] } {
  const number = twoDigit(random);
  const choices = [number];
  while (choices.length < 3) {
    const decoy = twoDigit(random);
    if (!choices.includes(decoy)) choices.push(decoy);
  }
  for (let i = choices.length - 1; i > 0; i -= 1) {
    const j = (random.bytes(1)[0] ?? 0) % (i + 1);
    [choices[i], choices[j]] = [choices[j]!, choices[i]!];
  }
  return { number, choices };
}

/** The event a device receives: Guardian's notification fields plus Tessera's context (https://github.com/auth0/Guardian.swift `AuthenticationNotification.swift`). */
export function pushEvent(t: Tessera, row: PushTransactionRow, linkId: string): PushEvent {
  const context = row.context ?? { client_name: '', ip: '', user_agent: null, requested_at: new Date(row.created_at).toISOString() };
  const txtkn = t.secrets.decrypt(row.txtkn_enc ?? '', `push-txtkn:${row.oob_digest}`);
  return {
    id: row.challenge ?? '',
    data: {
      dai: linkId,
      txtkn,
      c: row.challenge,
      d: new Date(row.created_at).toISOString(),
      sh: new URL(t.config.issuer).host,
      s: describeUserAgent(context.user_agent),
      l: { n: 'Unknown' },
      tessera: {
        ...context,
        number_choices: row.number_choices,
        expires_at: new Date(row.expires_at).toISOString(),
      },
    },
  };
}

/**
 * Tells the devices that were asked that a login request is settled (Tessera's addition to Guardian),
 * so an approval screen on one device disappears when another device, or a wrong number, settled it.
 */
export async function announceResolved(t: Tessera, hub: PushHub, row: PushTransactionRow, status: 'accepted' | 'rejected'): Promise<void> {
  const devices = (await t.store.push.devicesForUser(row.user_id)).filter((device) => row.link_id === null || device.link_id === row.link_id);
  for (const device of devices) hub.publish([device.link_id], { type: 'resolved', data: { dai: device.link_id, c: row.challenge, status } });
}

/** Creates a login request and pushes it to the user's device(s); returns the oob_code to poll. */
export async function createPushChallenge(t: Tessera, hub: PushHub, input: { userId: string; clientId: string; linkId: string | null; origin: RequestOrigin }) {
  // Requests the user let expire count toward push fatigue even when nobody polled them.
  await countExpiredPushes(t, input.userId, input.origin);
  const now = t.clock.now();
  const oobCode = randomToken(t.random, 32);
  const txtkn = randomToken(t.random, 32);
  const digest = oobDigest(t, oobCode);
  const matching = (await t.store.tenant.pushSettings()).number_matching ? numberChoices(t.random) : undefined;
  const client = await t.store.clients.find(input.clientId);
  const row: PushTransactionRow = {
    oob_digest: digest, kind: 'challenge', user_id: input.userId, client_id: input.clientId, enrollment_tx_digest: null,
    link_id: input.linkId, txtkn_digest: txtknDigest(t, txtkn), txtkn_enc: t.secrets.encrypt(txtkn, `push-txtkn:${digest}`),
    challenge: randomToken(t.random, 16), number: matching?.number ?? null, number_choices: matching ? matching.choices : null,
    context: { client_name: client?.name ?? input.clientId, ip: input.origin.ip, user_agent: input.origin.userAgent, requested_at: new Date(now).toISOString() },
    status: 'pending', reason: null, created_at: now, expires_at: now + PUSH_CHALLENGE_TTL_MS, resolved_at: null, consumed_at: null,
  };
  await t.store.push.insertTransaction(row);
  const devices = (await t.store.push.devicesForUser(input.userId)).filter((device) => input.linkId === null || device.link_id === input.linkId);
  const delivered = devices.reduce((sum, device) => sum + hub.publish([device.link_id], pushEvent(t, row, device.link_id)), 0);
  await t.audit.record({ type: 'gd_send_pn', origin: input.origin, userId: input.userId, clientId: input.clientId, details: { devices: devices.length, streams: delivered } });
  return { oob_code: oobCode, ...(matching ? { number_challenge: matching.number } : {}) };
}
