import { randomUUID } from 'node:crypto';
import { GuardianPath, guardianBaseUrl, guardianUrl } from './base-url';
import { generateDeviceKey, type DevicePublicJwk } from './device-key';
import { parseEnrollmentUri } from './enrollment-uri';
import { EnrollmentUriError } from './errors';
import { guardianFetch } from './http';
import { parseEnrollResponse, type EnrollResponseBody } from './enroll-response';
import { systemClock, type AccountStore, type Clock, type DeviceAccount, type FetchLike, type KeyStore } from './types';

/** Tessera devices receive pushes over the SSE stream, not APNs/FCM. */
export const PUSH_SERVICE = 'TESSERA_SSE';

/** `POST {base}/api/enroll` body (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift`), with Tessera's push service. */
export interface EnrollRequestBody {
  identifier: string;
  name: string;
  push_credentials: { service: typeof PUSH_SERVICE; token: string };
  public_key: DevicePublicJwk;
}

interface EnrollCommon {
  name: string;
  /** A stable id for this device installation; a random UUID when omitted. */
  identifier?: string;
  keyStore: KeyStore;
  accountStore?: AccountStore;
  fetch?: FetchLike;
  clock?: Clock;
}

/** Enrolls with the push enrollment QR code (`/mfa/associate`'s barcode_uri). */
export interface EnrollOptions extends EnrollCommon {
  barcodeUri: string;
}

/** Enrolls with an enrollment ticket (`gten_…`) and the server it came from. */
export interface TicketEnrollOptions extends EnrollCommon {
  ticket: string;
  /** The server's issuer URL; the Guardian base URL is derived from it as from a QR code's base_url (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift`). */
  issuer: string;
}

export interface TicketEnrollment {
  account: DeviceAccount;
  /**
   * The recovery code the server issued with the user's first enrollment, or null. Only in this result:
   * it is not part of the account and is never stored; show it to the user once.
   */
  recoveryCode: string | null;
}

// The ticket goes inside a quoted header parameter: printable ASCII without quote or backslash.
const TICKET = /^[\x21\x23-\x5b\x5d-\x7e]{1,512}$/;

async function enrollAt(baseUrl: string, ticket: string, options: EnrollCommon, accountLabel: string | null = null): Promise<TicketEnrollment> {
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
    authorization: `Ticket id="${ticket}"`,
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
    // Only when the QR code named someone: a ticket enrollment's account (and the CLI's output of it) stays as it was.
    ...(accountLabel === null ? {} : { accountLabel }),
    totp: enrolled.totp,
    enrolledAt: new Date((options.clock ?? systemClock).now()).toISOString(),
  };
  await options.keyStore.save(account.enrollmentId, privateJwk);
  await options.accountStore?.save(account);
  return { account, recoveryCode: enrolled.recovery_code };
}

export async function enrollDevice(options: EnrollOptions): Promise<DeviceAccount> {
  const { enrollmentTxId, baseUrl, accountLabel } = parseEnrollmentUri(options.barcodeUri);
  // The transaction's recovery code, if any, came with /mfa/associate.
  return (await enrollAt(baseUrl, enrollmentTxId, options, accountLabel)).account;
}

/** Guardian Android's form (https://github.com/auth0/Guardian.Android `guardian/src/main/java/com/auth0/android/guardian/sdk/GuardianAPIClient.java`): `Authorization: Ticket id="<ticket>"` with no QR code. */
export async function enrollDeviceWithTicket(options: TicketEnrollOptions): Promise<TicketEnrollment> {
  const ticket = options.ticket.trim();
  if (!TICKET.test(ticket)) throw new EnrollmentUriError('the enrollment ticket is not valid');
  return enrollAt(guardianBaseUrl(options.issuer), ticket, options);
}
