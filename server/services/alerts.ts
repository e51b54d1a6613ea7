import type { RequestOrigin, Tessera } from '../context.js';

/** Tenant-wide: many users' MFA removed in a short time is the pattern of a takeover in progress. */
const MASS_RESET_KEY = 'mass-mfa-reset';
const pushFatigueKey = (userId: string) => `push-fatigue:${userId}`;

/**
 * Counts `users` MFA resets (one per user reset; a bulk-reset job counts its size at once) and records
 * `mass_mfa_reset` when the window's count reaches the threshold: once per window.
 * Call inside the transaction that resets, so the count and the reset commit together.
 */
export function countMfaResets(t: Tessera, users: number, initiator: string | null | undefined, details: Record<string, unknown> = {}): void {
  const settings = t.store.alerts.settings().mass_mfa_reset;
  if (!settings.enabled || users < 1) return;
  const result = t.store.alerts.count(MASS_RESET_KEY, users, settings.threshold, settings.window_s * 1000, t.clock.now());
  if (!result.fired) return;
  t.audit.record({
    type: 'mass_mfa_reset',
    clientId: initiator ?? null,
    description: `${result.count} MFA resets within ${settings.window_s} seconds`,
    details: { resets: result.count, threshold: settings.threshold, window_s: settings.window_s, ...details },
  });
}

/**
 * Counts a denied push for the user and records `push_fatigue` when the window's count reaches the
 * threshold (once per window); with `lock_push` the user's push factor is locked as "this wasn't me"
 * locks it, until an admin unlocks it.
 */
export function countDeniedPush(t: Tessera, userId: string, origin: RequestOrigin): void {
  const settings = t.store.alerts.settings().push_fatigue;
  if (!settings.enabled) return;
  const now = t.clock.now();
  const result = t.store.alerts.count(pushFatigueKey(userId), 1, settings.threshold, settings.window_s * 1000, now);
  if (!result.fired) return;
  if (settings.lock_push) t.store.users.setPushLock(userId, now);
  t.audit.record({
    type: 'push_fatigue',
    origin,
    userId,
    description: `${result.count} denied push notifications within ${settings.window_s} seconds`,
    details: { denied: result.count, threshold: settings.threshold, window_s: settings.window_s, push_locked: settings.lock_push },
  });
}
