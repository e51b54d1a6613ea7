import { GuardianPath, guardianUrl } from './base-url';
import { signChallengeResponse, type PushDecision } from './challenge-response';
import { loadDeviceKey } from './device-key';
import { PushDeviceError } from './errors';
import { discardBody, guardianFetch } from './http';
import { MATCHING_NUMBER, type PushRequest } from './push-request';
import { systemClock, type Clock, type DeviceAccount, type FetchLike, type KeyStore } from './types';

export interface ResolveOptions {
  keyStore: KeyStore;
  fetch?: FetchLike;
  clock?: Clock;
}

async function resolveTransaction(
  account: DeviceAccount,
  request: PushRequest,
  decision: PushDecision,
  options: ResolveOptions,
): Promise<void> {
  const key = await loadDeviceKey(options.keyStore, account.enrollmentId);
  const now = (options.clock ?? systemClock).now();
  const challengeResponse = await signChallengeResponse(account, key, request.notification.c, decision, now);
  const response = await guardianFetch(options.fetch ?? fetch, guardianUrl(account.baseUrl, GuardianPath.resolveTransaction), {
    method: 'POST',
    authorization: `Bearer ${request.notification.txtkn}`,
    body: { challenge_response: challengeResponse },
  });
  await discardBody(response);
}

/**
 * Accept the login. With number matching on, `number` must be one of the offered choices (a real device
 * can only pick those); with it off, `number` is ignored.
 */
export async function approve(
  account: DeviceAccount,
  request: PushRequest,
  options: ResolveOptions & { number?: string },
): Promise<void> {
  const choices = request.notification.tessera.number_choices;
  if (choices === null) return resolveTransaction(account, request, { accepted: true }, options);
  if (options.number === undefined) {
    throw new PushDeviceError('this login uses number matching: pick the number shown on the login screen');
  }
  if (!MATCHING_NUMBER.test(options.number) || !choices.includes(options.number)) {
    throw new PushDeviceError(`${options.number} is not one of the offered numbers (${choices.join(', ')})`);
  }
  return resolveTransaction(account, request, { accepted: true, number: options.number }, options);
}

/** Reject the login; `reason` becomes `auth0_guardian_reason` (use `DenyReason.notMe` for "this was not me"). */
export async function deny(
  account: DeviceAccount,
  request: PushRequest,
  options: ResolveOptions & { reason?: string },
): Promise<void> {
  return resolveTransaction(account, request, { accepted: false, reason: options.reason }, options);
}
