import { createDeviceTokens } from './device-jwt';
import { forgetAccount, rename, unenroll, type UnenrollResult } from './device-account-api';
import { enrollDevice, enrollDeviceWithTicket, type TicketEnrollment } from './enroll';
import type { PushRequest } from './push-request';
import { approve, deny } from './resolve';
import { openStream, type StreamClosed, type StreamOptions } from './stream';
import { systemClock, type AccountStore, type Clock, type DeviceAccount, type FetchLike, type KeyStore } from './types';

export interface PushDeviceDeps {
  keyStore: KeyStore;
  accountStore: AccountStore;
  fetch?: FetchLike;
  clock?: Clock;
  random?: () => number;
  sleep?: StreamOptions['sleep'];
}

export type ListenOptions = Pick<StreamOptions, 'signal' | 'onRequest' | 'onResolved' | 'onState' | 'onWarning' | 'idleTimeoutMs' | 'backoff'>;

/** This device's push authenticator: the library's functions bound to one set of stores, fetch and clock. */
export interface PushDevice {
  enroll(input: { barcodeUri: string; name: string; identifier?: string }): Promise<DeviceAccount>;
  /** The ticket form: the recovery code of a first enrollment comes back in the result, never stored. */
  enrollWithTicket(input: { ticket: string; issuer: string; name: string; identifier?: string }): Promise<TicketEnrollment>;
  accounts(): Promise<DeviceAccount[]>;
  openStream(account: DeviceAccount, options: ListenOptions): Promise<StreamClosed>;
  approve(account: DeviceAccount, request: PushRequest, number?: string): Promise<void>;
  deny(account: DeviceAccount, request: PushRequest, reason?: string): Promise<void>;
  unenroll(account: DeviceAccount): Promise<UnenrollResult>;
  rename(account: DeviceAccount, name: string): Promise<DeviceAccount>;
  /** Drop the local key and metadata only, e.g. after the server already removed the enrollment. */
  forget(account: DeviceAccount): Promise<void>;
}

export function createPushDevice(deps: PushDeviceDeps): PushDevice {
  const clock = deps.clock ?? systemClock;
  const tokens = createDeviceTokens(deps.keyStore, clock);
  const shared = { keyStore: deps.keyStore, accountStore: deps.accountStore, fetch: deps.fetch, clock };
  return {
    enroll: (input) => enrollDevice({ ...input, ...shared }),
    enrollWithTicket: (input) => enrollDeviceWithTicket({ ...input, ...shared }),
    accounts: () => deps.accountStore.list(),
    openStream: (account, options) =>
      openStream(account, { ...options, ...shared, tokens, random: deps.random, sleep: deps.sleep }),
    approve: (account, request, number) => approve(account, request, { ...shared, number }),
    deny: (account, request, reason) => deny(account, request, { ...shared, reason }),
    unenroll: async (account) => {
      const result = await unenroll(account, { ...shared, tokens });
      tokens.forget(account.enrollmentId);
      return result;
    },
    rename: (account, name) => rename(account, name, { ...shared, tokens }),
    forget: async (account) => {
      tokens.forget(account.enrollmentId);
      await forgetAccount(account, shared);
    },
  };
}
