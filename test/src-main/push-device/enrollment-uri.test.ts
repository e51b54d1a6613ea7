import { describe, expect, it } from 'vitest';
import { EnrollmentUriError, guardianBaseUrl, parseEnrollmentUri } from '../../../src-main/push-device';

const otpauth = (base: string, tx = 'tx_abc') =>
  `otpauth://totp/Tessera:alice%40example.com?enrollment_tx_id=${tx}&base_url=${encodeURIComponent(base)}`;

describe('parseEnrollmentUri', () => {
  it('reads the transaction, the base URL and the label of a /mfa/associate barcode_uri', () => {
    expect(parseEnrollmentUri(otpauth('http://127.0.0.1:3000/appliance-mfa/'))).toEqual({
      enrollmentTxId: 'tx_abc',
      baseUrl: 'http://127.0.0.1:3000/appliance-mfa/',
      issuerName: 'Tessera',
      accountLabel: 'alice@example.com',
    });
  });

  it.each([
    ['http://127.0.0.1:3000/appliance-mfa/', 'http://127.0.0.1:3000/appliance-mfa/'],
    ['http://127.0.0.1:3000/appliance-mfa', 'http://127.0.0.1:3000/appliance-mfa/'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/appliance-mfa/'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/appliance-mfa/'],
    ['https://mfa.example.com/tenant-a', 'https://mfa.example.com/tenant-a/appliance-mfa/'],
    ['https://mfa.example.com/tenant-a/appliance-mfa?x=1#frag', 'https://mfa.example.com/tenant-a/appliance-mfa/'],
    ['https://acme.guardian.auth0.com/', 'https://acme.guardian.auth0.com/'],
  ])('normalises base_url %s to %s', (base, expected) => {
    expect(parseEnrollmentUri(otpauth(base)).baseUrl).toBe(expected);
  });

  it('matches scheme, type and parameter names case-insensitively', () => {
    const uri = 'OTPAUTH://TOTP/Tessera:bob?Enrollment_Tx_Id=tx_1&BASE_URL=http%3A%2F%2Flocalhost%3A3000';
    expect(parseEnrollmentUri(uri)).toMatchObject({ enrollmentTxId: 'tx_1', baseUrl: 'http://localhost:3000/appliance-mfa/' });
  });

  it('accepts a base_url that was encoded twice', () => {
    const uri = `otpauth://totp/T:u?enrollment_tx_id=tx_1&base_url=${encodeURIComponent(encodeURIComponent('http://h:3000/'))}`;
    expect(parseEnrollmentUri(uri).baseUrl).toBe('http://h:3000/appliance-mfa/');
  });

  it('unwraps tessera://enroll-push?uri=…', () => {
    const wrapped = `tessera://enroll-push?uri=${encodeURIComponent(otpauth('http://127.0.0.1:3000'))}`;
    expect(parseEnrollmentUri(`  ${wrapped}\n`)).toEqual(parseEnrollmentUri(otpauth('http://127.0.0.1:3000/appliance-mfa/')));
  });

  it('reads a label without an issuer prefix', () => {
    expect(parseEnrollmentUri('otpauth://totp/carol?enrollment_tx_id=t&base_url=http://h')).toMatchObject({
      issuerName: null,
      accountLabel: 'carol',
    });
  });

  it.each([
    ['not a URI', 'just text'],
    ['an OTP-only barcode', 'otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP&issuer=T'],
    ['a missing base_url', 'otpauth://totp/T:u?enrollment_tx_id=tx_1'],
    ['an HOTP URI', 'otpauth://hotp/T:u?enrollment_tx_id=tx_1&base_url=http://h'],
    ['a non-HTTP base_url', 'otpauth://totp/T:u?enrollment_tx_id=tx_1&base_url=ftp%3A%2F%2Fh'],
    ['credentials in base_url', 'otpauth://totp/T:u?enrollment_tx_id=tx_1&base_url=http%3A%2F%2Fa%3Ab%40h'],
    ['an unparseable base_url', 'otpauth://totp/T:u?enrollment_tx_id=tx_1&base_url=nope'],
    ['a tessera link without uri', 'tessera://enroll-push'],
    ['a tessera link wrapping something else', `tessera://enroll-push?uri=${encodeURIComponent('https://evil.example')}`],
    ['another scheme', 'https://127.0.0.1:3000/?enrollment_tx_id=tx_1&base_url=http://h'],
  ])('rejects %s', (_name, uri) => {
    expect(() => parseEnrollmentUri(uri)).toThrow(EnrollmentUriError);
  });
});

describe('guardianBaseUrl', () => {
  it('keeps an appliance-mfa segment wherever it is and does not add a second one', () => {
    expect(guardianBaseUrl('http://h/x/appliance-mfa/y')).toBe('http://h/x/appliance-mfa/y/');
  });
});
