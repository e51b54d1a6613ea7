import { parseEnrollmentUri } from '../push-device';

/** Enrollment ticket ids (reference §6); /mfa/associate enrollment transactions are plain alphanumerics. */
const TICKET_PREFIX = 'gten_';

/**
 * The enrollment ticket in a push enrollment QR code, or null: a push-notification ticket's page puts the
 * ticket itself in `enrollment_tx_id` (reference §7.2). Spending it as a ticket, not as a transaction,
 * is what returns the first enrollment's recovery code (§7.3). `issuer` is the QR code's `base_url`,
 * from which the device library derives the same Guardian base URL.
 */
export function ticketInBarcode(barcodeUri: string): { ticket: string; issuer: string } | null {
  let parsed: ReturnType<typeof parseEnrollmentUri>;
  try {
    parsed = parseEnrollmentUri(barcodeUri);
  } catch {
    // Not a push enrollment URI: push:enroll's own path explains what is wrong with it.
    return null;
  }
  return parsed.enrollmentTxId.startsWith(TICKET_PREFIX) ? { ticket: parsed.enrollmentTxId, issuer: parsed.baseUrl } : null;
}

/** The one-button dialog that shows a first enrollment's recovery code, once, in main (never to the page). */
export function recoveryCodeNotice(issuer: string, code: string): [message: string, detail: string] {
  const host = new URL(issuer).host;
  return ['Save your recovery code', `${code}\n\nIt signs you in to ${host} if you lose this computer. Keep it somewhere safe: it is shown only this once.`];
}
