import { randomString, randomToken } from '../crypto/random.js';
import { transaction, type RequestOrigin, type Tessera } from '../context.js';
import { associateOtp, issueRecoveryCode } from './enrollment.js';
import { hasActiveFactor, newLinkId } from './authenticators.js';
import { insertPushDevice, type DeviceRegistration, type EnrolledDevice } from './device-enrollment.js';

/** "Tickets expire after 5 days and are single-use" (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets). */
export const TICKET_TTL_MS = 5 * 24 * 3600 * 1000;
/** The browser session a spent ticket opens, to finish the enrollment in. */
export const ENROLL_SESSION_TTL_MS = 15 * 60 * 1000;

const TICKET_DIGEST = 'enrollment-ticket';
const SESSION_DIGEST = 'enrollment-session';

export function ticketUrl(t: Tessera, ticketId: string): string {
  return `${t.config.issuer}guardian/enroll?ticket=${encodeURIComponent(ticketId)}`;
}

export async function createTicket(t: Tessera, userId: string, factor: string | null, allowMultiple: boolean): Promise<{ ticket_id: string; ticket_url: string }> {
  const ticketId = `gten_${randomString(t.random, 32)}`;
  const now = t.clock.now();
  await t.store.tickets.insert({
    ticket_digest: t.secrets.digest(TICKET_DIGEST, ticketId),
    user_id: userId,
    factor,
    allow_multiple: allowMultiple,
    created_at: now,
    expires_at: now + TICKET_TTL_MS,
    used_at: null,
  });
  return { ticket_id: ticketId, ticket_url: ticketUrl(t, ticketId) };
}

export function ticketDigest(t: Tessera, ticketId: string): string {
  return t.secrets.digest(TICKET_DIGEST, ticketId);
}

export type TicketCheck = { ok: true; userId: string; factor: string | null } | { ok: false; reason: 'invalid' | 'used' | 'expired' | 'enrolled' };

export async function checkTicket(t: Tessera, ticketId: string): Promise<TicketCheck> {
  const row = /^gten_[A-Za-z0-9]{16,64}$/.test(ticketId) ? (await t.store.tickets.find(ticketDigest(t, ticketId))) : undefined;
  if (!row || !(await t.store.users.find(row.user_id))) return { ok: false, reason: 'invalid' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.expires_at <= t.clock.now()) return { ok: false, reason: 'expired' };
  if (!row.allow_multiple && (await hasActiveFactor(t, row.user_id))) return { ok: false, reason: 'enrolled' };
  return { ok: true, userId: row.user_id, factor: row.factor };
}

/** The ticket `factor` a device enrolls with (https://auth0.com/docs/api/management/v2/guardian/post-ticket); the ticket page then shows a push QR code. */
export const PUSH_FACTOR = 'push-notification';
/** The `factor`s a ticket may name here: the page enrolls authenticator apps (`otp`), devices spend push tickets. */
export const TICKET_FACTORS: readonly string[] = ['otp', PUSH_FACTOR];

/** Why a valid ticket cannot enroll a push device, or null when it can: its `factor` (https://auth0.com/docs/api/management/v2/guardian/post-ticket) and the tenant's factors. */
export async function pushRefusal(t: Tessera, factor: string | null): Promise<'factor' | 'push-disabled' | null> {
  if (factor !== null && factor !== PUSH_FACTOR) return 'factor';
  return (await t.store.tenant.isFactorEnabled(PUSH_FACTOR)) ? null : 'push-disabled';
}

export type TicketDeviceEnrollment =
  | { ok: true; userId: string; enrolled: EnrolledDevice; recoveryCode: string | undefined }
  | { ok: false; reason: Exclude<TicketCheck, { ok: true }>['reason'] | 'push-disabled' }
  | { ok: false; reason: 'factor'; factor: string };

/**
 * A device spends the ticket itself, as Guardian Android does when it holds no enrollment_tx_id
 * (https://github.com/auth0/Guardian.Android `Guardian.java` `enroll`): the push enrollment is complete at once, with the recovery code of a first
 * enrollment. A refused ticket stays unspent, so its page can still enroll an authenticator app.
 */
export async function enrollDeviceWithTicket(t: Tessera, ticketId: string, device: DeviceRegistration, origin: RequestOrigin): Promise<TicketDeviceEnrollment> {
  const now = t.clock.now();
  const linkId = newLinkId(t);
  const result = await transaction(t, async (t): Promise<TicketDeviceEnrollment> => {
    const check = await checkTicket(t, ticketId);
    if (!check.ok) return check;
    const refusal = await pushRefusal(t, check.factor);
    if (refusal === 'factor') return { ok: false, reason: 'factor', factor: check.factor ?? '' };
    if (refusal !== null) return { ok: false, reason: refusal };
    // Single use: of two devices racing, one wins; the loser writes nothing.
    if (!(await t.store.tickets.consume(ticketDigest(t, ticketId), now))) return { ok: false, reason: 'used' };
    const enrolled = await insertPushDevice(t, check.userId, linkId, device, now);
    return { ok: true, userId: check.userId, enrolled, recoveryCode: (await issueRecoveryCode(t, check.userId, now)) };
  });
  if (!result.ok && result.reason === 'used') {
    // A spent ticket presented again is worth a line in the log.
    const userId = (await t.store.tickets.find(ticketDigest(t, ticketId)))?.user_id;
    await t.audit.record({ type: 'gd_start_enroll_failed', origin, userId, details: { via: 'enrollment-ticket', reason: 'Enrollment ticket already used' } });
  }
  return result;
}

/**
 * Spends the ticket and opens an enrollment session with a pending TOTP authenticator. The recovery
 * code, if one is issued, is held encrypted in the session only until the page has shown it once.
 * A push-notification ticket is refused unspent: only a device enrolls with it (enrollDeviceWithTicket).
 */
export async function startEnrollment(
  t: Tessera,
  ticketId: string,
  origin: RequestOrigin,
): Promise<{ session: string } | { error: Exclude<TicketCheck, { ok: true }>['reason'] | 'push-only' }> {
  const check = await checkTicket(t, ticketId);
  if (!check.ok) return { error: check.reason };
  if (check.factor === PUSH_FACTOR) return { error: 'push-only' };
  const now = t.clock.now();
  return await transaction(t, async (t) => {
    if (!(await t.store.tickets.consume(ticketDigest(t, ticketId), now))) return { error: 'used' as const };
    const association = await associateOtp(t, check.userId, null, origin);
    const session = randomToken(t.random, 32);
    const digest = t.secrets.digest(SESSION_DIGEST, session);
    const recovery = association.recovery_codes?.[0];
    await t.store.tickets.insertSession({
      session_digest: digest,
      user_id: check.userId,
      csrf_token: randomToken(t.random, 24),
      authenticator_id: association.id,
      recovery_code_enc: recovery ? t.secrets.encrypt(recovery, `enroll-session:${digest}`) : null,
      created_at: now,
      expires_at: now + ENROLL_SESSION_TTL_MS,
      completed_at: null,
    });
    return { session };
  });
}

export async function findEnrollmentSession(t: Tessera, session: string | undefined) {
  if (!session) return undefined;
  const digest = t.secrets.digest(SESSION_DIGEST, session);
  const row = await t.store.tickets.findSession(digest);
  if (!row || row.expires_at <= t.clock.now()) return undefined;
  return { ...row, recoveryCode: () => (row.recovery_code_enc ? t.secrets.decrypt(row.recovery_code_enc, `enroll-session:${digest}`) : undefined) };
}
