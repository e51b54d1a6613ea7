import { EnrollmentUriError, ticketInBarcode, ticketInPageUrl, type TicketAddress } from '../push-device';
// Pure parsing, no Electron: the same reading of tessera:// links as the desktop app's.
import { parseDeepLink } from '../desktop/deep-link';

/** What `tessera device enroll <argument>` spends: an /mfa/associate transaction's QR code, or a ticket. */
export type EnrollTarget = { kind: 'barcode'; barcodeUri: string } | ({ kind: 'ticket' } & TicketAddress);

const ticketTarget = (address: TicketAddress): EnrollTarget => ({ kind: 'ticket', ...address });

/**
 * Reads the argument as a push enrollment QR code (`otpauth://…`, `tessera://enroll-push?uri=…`), a ticket
 * page URL (`{issuer}guardian/enroll?ticket=gten_…`) or the page's `tessera://enroll?ticket=…&issuer=…` link.
 * A QR code whose enrollment_tx_id is a ticket (a push-notification ticket's page) is spent as that ticket.
 */
export function enrollTarget(argument: string): EnrollTarget {
  const page = ticketInPageUrl(argument);
  if (page) return ticketTarget(page);
  const link = parseDeepLink(argument);
  if (link?.action === 'enroll-ticket') return ticketTarget({ ticket: link.ticket, issuer: link.issuer });
  if (link === null && /^tessera:\/\/enroll(?:[/?#]|$)/i.test(argument.trim())) {
    throw new EnrollmentUriError('tessera://enroll needs a ticket and an http or https issuer: tessera://enroll?ticket=gten_…&issuer=…');
  }
  const barcodeUri = link?.action === 'enroll-push' ? link.barcodeUri : argument;
  const ticket = ticketInBarcode(barcodeUri);
  return ticket ? ticketTarget(ticket) : { kind: 'barcode', barcodeUri };
}
