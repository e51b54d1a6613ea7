import { describe, expect, it } from 'vitest';
import { enrollTarget } from '../../../src-main/cli/enroll-target';
import { EnrollmentUriError } from '../../../src-main/push-device';

/** What `tessera device enroll <argument>` spends, read from each form a user can paste (no network). */

const TICKET = 'gten_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const BASE = encodeURIComponent('https://mfa.example.com/appliance-mfa/');
const ticketBarcode = `otpauth://totp/Tessera%20Test:ada%40example.com?enrollment_tx_id=${TICKET}&issuer=Tessera%20Test&base_url=${BASE}`;
const transactionBarcode = `otpauth://totp/Tessera%20Test:ada%40example.com?enrollment_tx_id=Tx0123456789abcdefABCDEF01234567&issuer=Tessera%20Test&base_url=${BASE}`;

describe('enrollTarget', () => {
  it.each([
    ['a ticket page URL', `https://mfa.example.com/guardian/enroll?ticket=${TICKET}`, { kind: 'ticket', ticket: TICKET, issuer: 'https://mfa.example.com/' }],
    ['a ticket page URL under a path prefix', `https://example.com/mfa/guardian/enroll/?ticket=${TICKET}#x`, { kind: 'ticket', ticket: TICKET, issuer: 'https://example.com/mfa/' }],
    ['the page’s tessera:// link', `tessera://enroll?ticket=${TICKET}&issuer=${encodeURIComponent('http://127.0.0.1:3000/')}`, { kind: 'ticket', ticket: TICKET, issuer: 'http://127.0.0.1:3000/' }],
    ['a push ticket page’s QR code', ticketBarcode, { kind: 'ticket', ticket: TICKET, issuer: 'https://mfa.example.com/appliance-mfa/' }],
    ['that QR code wrapped in tessera://enroll-push', `tessera://enroll-push?uri=${encodeURIComponent(ticketBarcode)}`, { kind: 'ticket', ticket: TICKET, issuer: 'https://mfa.example.com/appliance-mfa/' }],
    ['an /mfa/associate barcode_uri', transactionBarcode, { kind: 'barcode', barcodeUri: transactionBarcode }],
    ['an OTP URI, left for the enrollment to refuse', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', { kind: 'barcode', barcodeUri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP' }],
  ])('reads %s', (_label, argument, expected) => {
    expect(enrollTarget(argument)).toEqual(expected);
  });

  it.each([
    ['a web link that is not a ticket page', 'https://mfa.example.com/login?ticket=x', 'a web link must be an enrollment ticket page: {issuer}guardian/enroll?ticket=gten_…'],
    ['a ticket page URL without its ticket', 'https://mfa.example.com/guardian/enroll?ticket=', 'a web link must be an enrollment ticket page: {issuer}guardian/enroll?ticket=gten_…'],
    ['tessera://enroll with a non-web issuer', `tessera://enroll?ticket=${TICKET}&issuer=file%3A%2F%2F%2Fetc`, 'tessera://enroll needs a ticket and an http or https issuer: tessera://enroll?ticket=gten_…&issuer=…'],
  ])('refuses %s', (_label, argument, message) => {
    expect(() => enrollTarget(argument)).toThrow(new EnrollmentUriError(message));
  });
});
