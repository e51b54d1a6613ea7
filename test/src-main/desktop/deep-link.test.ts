import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from '../../../src-main/desktop/deep-link';

const TOTP = 'otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const PUSH = 'otpauth://totp/Tessera:ada?enrollment_tx_id=abc&base_url=http%3A%2F%2F127.0.0.1%3A3000%2Fappliance-mfa%2F&secret=JBSWY3DPEHPK3PXP';
const MIGRATION = 'otpauth-migration://offline?data=CgYKAQ%3D%3D';

describe('parseDeepLink', () => {
  it.each([
    ['a bare otpauth payload', TOTP, { action: 'add-account', uri: TOTP }],
    ['a Google migration payload', MIGRATION, { action: 'add-account', uri: MIGRATION }],
    ['tessera://otpauth?uri=…', `tessera://otpauth?uri=${encodeURIComponent(TOTP)}`, { action: 'add-account', uri: TOTP }],
    ['a bare push enrollment barcode', PUSH, { action: 'enroll-push', barcodeUri: PUSH }],
    ['tessera://otpauth with a push barcode', `tessera://otpauth?uri=${encodeURIComponent(PUSH)}`, { action: 'enroll-push', barcodeUri: PUSH }],
    ['tessera://enroll-push?uri=…', `tessera://enroll-push?uri=${encodeURIComponent(PUSH)}`, { action: 'enroll-push', barcodeUri: PUSH }],
    ['the enrollment page link', 'tessera://enroll?ticket=t1ck3t&issuer=http%3A%2F%2F127.0.0.1%3A3000%2F', { action: 'enroll-ticket', ticket: 't1ck3t', issuer: 'http://127.0.0.1:3000/' }],
    ['an upper-case scheme', `TESSERA://otpauth?uri=${encodeURIComponent(TOTP)}`, { action: 'add-account', uri: TOTP }],
  ])('reads %s', (_name, link, expected) => {
    expect(parseDeepLink(link)).toEqual(expected);
  });

  it.each([
    ['another scheme', 'https://example.com/?uri=otpauth://totp/x'],
    ['an unknown tessera target', 'tessera://settings?port=1'],
    ['tessera://otpauth without uri', 'tessera://otpauth'],
    ['a wrapped non-otpauth uri', `tessera://otpauth?uri=${encodeURIComponent('javascript:alert(1)')}`],
    ['a ticket without issuer', 'tessera://enroll?ticket=t'],
    ['a ticket with a non-http issuer', 'tessera://enroll?ticket=t&issuer=file%3A%2F%2F%2Fetc%2F'],
    ['an over-long link', `otpauth://totp/x?secret=${'A'.repeat(9000)}`],
  ])('ignores %s', (_name, link) => {
    expect(parseDeepLink(link)).toBeNull();
  });

  it('finds the link among a second instance’s arguments', () => {
    expect(deepLinkFromArgv(['/usr/bin/tessera', '--no-sandbox', `tessera://otpauth?uri=${encodeURIComponent(TOTP)}`])).toEqual({ action: 'add-account', uri: TOTP });
    expect(deepLinkFromArgv(['/usr/bin/tessera', '--flag'])).toBeNull();
  });
});
