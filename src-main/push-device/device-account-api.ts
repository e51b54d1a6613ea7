import { deviceAccountUrl } from './base-url';
import { createDeviceTokens, type DeviceTokens } from './device-jwt';
import { GuardianApiError } from './errors';
import { discardBody, guardianFetch } from './http';
import { systemClock, type AccountStore, type Clock, type DeviceAccount, type FetchLike, type KeyStore } from './types';

/** `PATCH {base}/api/device-accounts/{id}` body (https://github.com/auth0/Guardian.swift `Guardian/API/DeviceAPIClient.swift`). */
export interface DeviceAccountPatch {
  name?: string;
  identifier?: string;
  push_credentials?: { service: string; token: string };
}

export interface AccountApiOptions {
  keyStore: KeyStore;
  accountStore?: AccountStore;
  fetch?: FetchLike;
  clock?: Clock;
  tokens?: DeviceTokens;
}

export type UnenrollResult = 'deleted' | 'already_gone';

async function authorization(account: DeviceAccount, options: AccountApiOptions): Promise<string> {
  const tokens = options.tokens ?? createDeviceTokens(options.keyStore, options.clock ?? systemClock);
  return `Bearer ${await tokens.get(account)}`;
}

/** Drop the key and metadata this device keeps for an enrollment (no server call). */
export async function forgetAccount(account: DeviceAccount, options: Pick<AccountApiOptions, 'keyStore' | 'accountStore'>): Promise<void> {
  await options.keyStore.remove(account.enrollmentId);
  await options.accountStore?.remove(account.enrollmentId);
}

/** Delete the enrollment on the server, then locally; a 404 means the server already forgot it. */
export async function unenroll(account: DeviceAccount, options: AccountApiOptions): Promise<UnenrollResult> {
  let result: UnenrollResult = 'deleted';
  try {
    const response = await guardianFetch(options.fetch ?? fetch, deviceAccountUrl(account.baseUrl, account.enrollmentId), {
      method: 'DELETE',
      authorization: await authorization(account, options),
    });
    await discardBody(response);
  } catch (error) {
    if (!(error instanceof GuardianApiError && error.status === 404)) throw error;
    result = 'already_gone';
  }
  await forgetAccount(account, options);
  return result;
}

export async function updateDeviceAccount(
  account: DeviceAccount,
  patch: DeviceAccountPatch,
  options: AccountApiOptions,
): Promise<void> {
  const response = await guardianFetch(options.fetch ?? fetch, deviceAccountUrl(account.baseUrl, account.enrollmentId), {
    method: 'PATCH',
    authorization: await authorization(account, options),
    body: patch,
  });
  await discardBody(response);
}

export async function rename(account: DeviceAccount, name: string, options: AccountApiOptions): Promise<DeviceAccount> {
  await updateDeviceAccount(account, { name }, options);
  const renamed = { ...account, name };
  await options.accountStore?.save(renamed);
  return renamed;
}
