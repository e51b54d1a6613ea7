import { parseEnrollmentUri } from './enrollment-uri';
import { EnrollmentUriError } from './errors';

/** Enrollment ticket ids (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets); /mfa/associate enrollment transactions are plain alphanumerics. */
const TICKET_PREFIX = 'gten_';
/** `ticket_url` is `{issuer}guardian/enroll?ticket=gten_…` (https://auth0.com/docs/api/management/v2/guardian/post-ticket response example). */
const TICKET_PAGE_PATH = /\/guardian\/enroll\/?$/i;

/** A ticket to spend at `POST {guardianBaseUrl(issuer)}api/enroll` (https://github.com/auth0/Guardian.Android `Guardian.java` `enroll`). */
export interface TicketAddress {
  ticket: string;
  /** The server's issuer URL, or any URL `guardianBaseUrl` derives the same Guardian base from. */
  issuer: string;
}

/**
 * The enrollment ticket in a push enrollment QR code, or null: a push-notification ticket's page puts the
 * ticket itself in `enrollment_tx_id` (https://github.com/auth0/Guardian.Android `Guardian.java` reads it from the URI). Spending it as a ticket, not as a transaction,
 * is what returns the first enrollment's recovery code (Guardian.swift's test mock carries one). `issuer` is the QR code's `base_url`,
 * from which the device library derives the same Guardian base URL.
 */
export function ticketInBarcode(barcodeUri: string): TicketAddress | null {
  let parsed: ReturnType<typeof parseEnrollmentUri>;
  try {
    parsed = parseEnrollmentUri(barcodeUri);
  } catch {
    // Not a push enrollment URI: the caller's own path explains what is wrong with it.
    return null;
  }
  return parsed.enrollmentTxId.startsWith(TICKET_PREFIX) ? { ticket: parsed.enrollmentTxId, issuer: parsed.baseUrl } : null;
}

/**
 * The ticket in a ticket page URL (`ticket_url`, `{issuer}guardian/enroll?ticket=gten_…`), or null when
 * the text is not an http(s) URL. The issuer is the URL up to `guardian/enroll`, so a server under a
 * path prefix works too. Throws for an http(s) URL that is not such a page.
 */
export function ticketInPageUrl(text: string): TicketAddress | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const ticket = url.searchParams.get('ticket')?.trim() ?? '';
  if (!TICKET_PAGE_PATH.test(url.pathname) || ticket === '') {
    throw new EnrollmentUriError('a web link must be an enrollment ticket page: {issuer}guardian/enroll?ticket=gten_…');
  }
  const issuer = new URL(url.href);
  issuer.pathname = url.pathname.replace(TICKET_PAGE_PATH, '/');
  issuer.search = '';
  issuer.hash = '';
  return { ticket, issuer: issuer.href };
}
