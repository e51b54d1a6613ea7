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

export function toRequestView({ account, request, receivedAtMs }: PendingRequest): PushRequestView {
  const context = request.notification.tessera;
  return {
    transactionId: request.transactionId,
    enrollmentId: account.enrollmentId,
    issuer: account.issuer,
    userId: account.userId,
    clientName: context.client_name,
    ip: context.ip,
    userAgent: context.user_agent,
    requestedAt: context.requested_at,
    numberChoices: context.number_choices,
    receivedAt: new Date(receivedAtMs).toISOString(),
  };
}

/** Pending login requests, in memory only: a restart drops them, and the server re-sends on reconnect. */
export function createPendingRequests(clock: { now(): number }) {
  const byTransaction = new Map<string, PendingRequest>();
  const prune = () => {
    for (const [id, pending] of byTransaction) if (clock.now() >= pending.expiresAtMs) byTransaction.delete(id);
  };
  return {
    /** False when the request was already pending (a re-sent event). */
    add(account: DeviceAccount, request: PushRequest): boolean {
      prune();
      if (byTransaction.has(request.transactionId)) return false;
      const receivedAtMs = clock.now();
      byTransaction.set(request.transactionId, { account, request, receivedAtMs, expiresAtMs: expiryOf(request, receivedAtMs) });
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
    remove: (transactionId: string) => void byTransaction.delete(transactionId),
    forgetDevice(enrollmentId: string): void {
      for (const [id, pending] of byTransaction) if (pending.account.enrollmentId === enrollmentId) byTransaction.delete(id);
    },
  };
}
