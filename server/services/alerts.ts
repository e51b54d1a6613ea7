import { transaction, type RequestOrigin, type Tessera } from '../context.js';

/** Across the tenant, and per Management client: either crossing its threshold records `mass_mfa_reset`. */
const TENANT_RESETS_KEY = 'mass-reset:tenant';
const clientResetsKey = (clientId: string) => `mass-reset:client:${clientId}`;
const pushFatigueKey = (userId: string) => `push-fatigue:${userId}`;

/** Why a push counts toward fatigue: a plain "no" (or a wrong number), "this wasn't me", or no answer in time. */
export type FatiguePush = 'denied' | 'not_me' | 'expired';

/**
 * Counts MFA resets and enrollment deletions (one per user; a bulk-reset job counts its size at once)
 * per Management client and across the tenant, and records `mass_mfa_reset` when either window reaches
 * the threshold: once per window each. When one client made every reset in the tenant's window both
 * cross at once with the same count and user ids, and the tenant event would only repeat the client's.
 * Call inside the transaction that resets, so the count and the reset commit together.
 */
export async function countMfaResets(t: Tessera, userIds: string[], clientId: string | null | undefined, details: Record<string, unknown> = {}): Promise<void> {
  if (userIds.length < 1) return;
  const { threshold, window_s } = (await t.store.alerts.settings()).mass_reset;
  const now = t.clock.now();
  const add = async (key: string) => await t.store.alerts.count(key, userIds.length, userIds, threshold, window_s * 1000, now);
  const byClient = clientId ? (await add(clientResetsKey(clientId))) : undefined;
  const tenant = await add(TENANT_RESETS_KEY);
  const record = async (scope: 'client' | 'tenant', count: number, users: string[]) =>
    await t.audit.record({
      type: 'mass_mfa_reset',
      clientId: clientId ?? null,
      description: `${count} MFA resets or enrollment deletions within ${window_s} seconds ${scope === 'client' ? 'by one client' : 'across the tenant'}`,
      details: { scope, client_id: clientId ?? null, count, window_s, threshold, user_ids: users, ...details },
    });
  if (byClient?.fired) await record('client', byClient.count, byClient.subjects);
  if (tenant.fired && !(byClient?.fired && byClient.count === tenant.count)) await record('tenant', tenant.count, tenant.subjects);
}

/**
 * Counts `amount` fatigue pushes (denied, "not me" or expired) for the user and records `push_fatigue`
 * when the window reaches the threshold (once per window); with `lock_push` the user's push factor is
 * locked as "this wasn't me" locks it, until an admin unlocks it.
 */
export async function countFatiguePushes(t: Tessera, userId: string, origin: RequestOrigin, kind: FatiguePush, amount = 1): Promise<void> {
  if (amount < 1) return;
  const { threshold, window_s, lock_push } = (await t.store.alerts.settings()).push_fatigue;
  const now = t.clock.now();
  const result = await t.store.alerts.count(pushFatigueKey(userId), amount, [], threshold, window_s * 1000, now);
  if (!result.fired) return;
  if (lock_push) await t.store.users.setPushLock(userId, now);
  await t.audit.record({
    type: 'push_fatigue',
    origin,
    userId,
    description: `${result.count} denied, "not me" or expired push notifications within ${window_s} seconds`,
    details: { user_id: userId, count: result.count, window_s, threshold, last: kind, push_locked: lock_push },
  });
}

/**
 * Counts the user's push login requests that expired unanswered since last looked at, each once (a
 * poll of an expired request, or the next request to the user, notices them).
 */
export async function countExpiredPushes(t: Tessera, userId: string, origin: RequestOrigin): Promise<void> {
  await transaction(t, async (t) => await countFatiguePushes(t, userId, origin, 'expired', (await t.store.push.claimExpired(userId, t.clock.now()))));
}
