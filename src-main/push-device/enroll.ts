import { randomUUID } from 'node:crypto';
import { GuardianPath, guardianUrl } from './base-url';
import { generateDeviceKey, type DevicePublicJwk } from './device-key';
import { parseEnrollmentUri } from './enrollment-uri';
import { guardianFetch } from './http';
import { parseEnrollResponse, type EnrollResponseBody } from './enroll-response';
import { systemClock, type AccountStore, type Clock, type DeviceAccount, type FetchLike, type KeyStore } from './types';

/** Tessera devices receive pushes over the SSE stream, not APNs/FCM. */
export const PUSH_SERVICE = 'TESSERA_SSE';

/** `POST {base}/api/enroll` body (reference §7.3), with Tessera's push service. */
export interface EnrollRequestBody {
  identifier: string;
  name: string;
  push_credentials: { service: typeof PUSH_SERVICE; token: string };
  public_key: DevicePublicJwk;
}

export interface EnrollOptions {
  barcodeUri: string;
  name: string;
  /** A stable id for this device installation; a random UUID when omitted. */
  identifier?: string;
  keyStore: KeyStore;
  accountStore?: AccountStore;
  fetch?: FetchLike;
  clock?: Clock;
}

export async function enrollDevice(options: EnrollOptions): Promise<DeviceAccount> {
  const { enrollmentTxId, baseUrl } = parseEnrollmentUri(options.barcodeUri);
  const identifier = options.identifier ?? randomUUID();
  const { privateJwk, publicJwk } = await generateDeviceKey();
  const body: EnrollRequestBody = {
    identifier,
    name: options.name,
    push_credentials: { service: PUSH_SERVICE, token: identifier },
    public_key: publicJwk,
  };
  const response = await guardianFetch(options.fetch ?? fetch, guardianUrl(baseUrl, GuardianPath.enroll), {
    method: 'POST',
    authorization: `Ticket id="${enrollmentTxId}"`,
    body,
  });
  const enrolled: EnrollResponseBody = parseEnrollResponse(await response.json().catch(() => null));
  const account: DeviceAccount = {
    enrollmentId: enrolled.id,
    userId: enrolled.user_id,
    baseUrl,
    identifier,
    issuer: enrolled.issuer,
    name: options.name,
    totp: enrolled.totp,
    enrolledAt: new Date((options.clock ?? systemClock).now()).toISOString(),
  };
  await options.keyStore.save(account.enrollmentId, privateJwk);
  await options.accountStore?.save(account);
  return account;
}
