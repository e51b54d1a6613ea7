import { randomString, randomToken } from '../crypto/random.js';
import type { RequestOrigin, Tessera } from '../context.js';
import { associateOtp } from './enrollment.js';
import { hasActiveFactor } from './authenticators.js';

/** "Tickets expire after 5 days and are single-use" (reference §6). */
export const TICKET_TTL_MS = 5 * 24 * 3600 * 1000;
/** The browser session a spent ticket opens, to finish the enrollment in. */
export const ENROLL_SESSION_TTL_MS = 15 * 60 * 1000;

const TICKET_DIGEST = 'enrollment-ticket';
const SESSION_DIGEST = 'enrollment-session';

export function ticketUrl(t: Tessera, ticketId: string): string {
  return `${t.config.issuer}guardian/enroll?ticket=${encodeURIComponent(ticketId)}`;
}

export function createTicket(t: Tessera, userId: string, factor: string | null, allowMultiple: boolean): { ticket_id: string; ticket_url: string } {
  const ticketId = `gten_${randomString(t.random, 32)}`;
  const now = t.clock.now();
  t.store.tickets.insert({
    ticket_digest: t.secrets.digest(TICKET_DIGEST, ticketId),
    user_id: userId,
    factor,
    allow_multiple: allowMultiple ? 1 : 0,
    created_at: now,
    expires_at: now + TICKET_TTL_MS,
    used_at: null,
  });
  return { ticket_id: ticketId, ticket_url: ticketUrl(t, ticketId) };
}

export function ticketDigest(t: Tessera, ticketId: string): string {
  return t.secrets.digest(TICKET_DIGEST, ticketId);
}

export type TicketCheck = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'used' | 'expired' | 'enrolled' };

export function checkTicket(t: Tessera, ticketId: string): TicketCheck {
  const row = /^gten_[A-Za-z0-9]{16,64}$/.test(ticketId) ? t.store.tickets.find(ticketDigest(t, ticketId)) : undefined;
  if (!row || !t.store.users.find(row.user_id)) return { ok: false, reason: 'invalid' };
  if (row.used_at !== null) return { ok: false, reason: 'used' };
  if (row.expires_at <= t.clock.now()) return { ok: false, reason: 'expired' };
  if (row.allow_multiple === 0 && hasActiveFactor(t, row.user_id)) return { ok: false, reason: 'enrolled' };
  return { ok: true, userId: row.user_id };
}

/**
 * Spends the ticket and opens an enrollment session with a pending TOTP authenticator. The recovery
 * code, if one is issued, is held encrypted in the session only until the page has shown it once.
 */
export function startEnrollment(t: Tessera, ticketId: string, origin: RequestOrigin): { session: string } | { error: Exclude<TicketCheck, { ok: true }>['reason'] } {
  const check = checkTicket(t, ticketId);
  if (!check.ok) return { error: check.reason };
  const now = t.clock.now();
  return t.store.transaction(() => {
    if (!t.store.tickets.consume(ticketDigest(t, ticketId), now)) return { error: 'used' as const };
    const association = associateOtp(t, check.userId, null, origin);
    const session = randomToken(t.random, 32);
    const digest = t.secrets.digest(SESSION_DIGEST, session);
    const recovery = association.recovery_codes?.[0];
    t.store.tickets.insertSession({
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

export function findEnrollmentSession(t: Tessera, session: string | undefined) {
  if (!session) return undefined;
  const digest = t.secrets.digest(SESSION_DIGEST, session);
  const row = t.store.tickets.findSession(digest);
  if (!row || row.expires_at <= t.clock.now()) return undefined;
  return { ...row, recoveryCode: () => (row.recovery_code_enc ? t.secrets.decrypt(row.recovery_code_enc, `enroll-session:${digest}`) : undefined) };
}
