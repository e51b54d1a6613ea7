import type { PushRequestView } from '../ipc/contract';
import type { DeviceAccount, PushRequest } from '../push-device';

/**
 * Guardian transactions live five minutes (Auth0's push TTL): how long a request stays when its server
 * does not say (`tessera.expires_at`, which Tessera sends, is the deadline otherwise).
 */
export const PENDING_TTL_MS = 5 * 60_000;

export interface PendingRequest {
  account: DeviceAccount;
  request: PushRequest;
  receivedAtMs: number;
  expiresAtMs: number;
}

function expiryOf(request: PushRequest, receivedAtMs: number): number {
  const stated = Date.parse(request.notification.tessera.expires_at ?? '');
  return Number.isNaN(stated) ? receivedAtMs + PENDING_TTL_MS : stated;
}

export function toRequestView({ account, request, receivedAtMs, expiresAtMs }: PendingRequest): PushRequestView {
  const context = request.notification.tessera;
  return {
    transactionId: request.transactionId,
    enrollmentId: account.enrollmentId,
    issuer: account.issuer,
    userId: account.userId,
    accountLabel: account.accountLabel ?? null,
    clientName: context.client_name,
    ip: context.ip,
    userAgent: context.user_agent,
    requestedAt: context.requested_at,
    numberChoices: context.number_choices,
    receivedAt: new Date(receivedAtMs).toISOString(),
    expiresAt: new Date(expiresAtMs).toISOString(),
  };
}

/** setTimeout's ceiling (2^31 - 1 ms); a later deadline is checked again when this one fires. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Pending login requests, in memory only: a restart drops them, and the server re-sends on reconnect.
 * `onChange` hears of every arrival and departure, including a request expiring unanswered.
 */
export function createPendingRequests(clock: { now(): number }, onChange: () => void = () => undefined) {
  const byTransaction = new Map<string, PendingRequest>();
  const expiryTimers = new Map<string, NodeJS.Timeout>();

  function prune(): boolean {
    let removed = false;
    for (const [id, pending] of byTransaction) {
      if (clock.now() >= pending.expiresAtMs) removed = forget(id) || removed;
    }
    return removed;
  }
  function forget(transactionId: string): boolean {
    clearTimeout(expiryTimers.get(transactionId));
    expiryTimers.delete(transactionId);
    return byTransaction.delete(transactionId);
  }
  function watchExpiry(transactionId: string, expiresAtMs: number): void {
    const timer = setTimeout(() => {
      expiryTimers.delete(transactionId);
      if (prune()) onChange();
      // Not yet due by the injected clock (or past the timer's ceiling): look again at the deadline.
      const still = byTransaction.get(transactionId);
      if (still) watchExpiry(transactionId, still.expiresAtMs);
    }, Math.min(MAX_TIMER_MS, Math.max(0, expiresAtMs - clock.now())));
    timer.unref();
    expiryTimers.set(transactionId, timer);
  }

  return {
    /** False when the request was already pending (a re-sent event). */
    add(account: DeviceAccount, request: PushRequest): boolean {
      prune();
      if (byTransaction.has(request.transactionId)) return false;
      const receivedAtMs = clock.now();
      const expiresAtMs = expiryOf(request, receivedAtMs);
      byTransaction.set(request.transactionId, { account, request, receivedAtMs, expiresAtMs });
      watchExpiry(request.transactionId, expiresAtMs);
      onChange();
      return true;
    },
    get(transactionId: string): PendingRequest | undefined {
      prune();
      return byTransaction.get(transactionId);
    },
    list(): PendingRequest[] {
      prune();
      return [...byTransaction.values()];
    },
    remove(transactionId: string): void {
      if (forget(transactionId)) onChange();
    },
    forgetDevice(enrollmentId: string): void {
      let removed = false;
      for (const [id, pending] of byTransaction) if (pending.account.enrollmentId === enrollmentId) removed = forget(id) || removed;
      if (removed) onChange();
    },
    /** Stops the expiry timers (the app is closing). */
    close(): void {
      for (const timer of expiryTimers.values()) clearTimeout(timer);
      expiryTimers.clear();
    },
  };
}
