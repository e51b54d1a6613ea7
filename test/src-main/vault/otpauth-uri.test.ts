import { describe, expect, it } from 'vitest';
import { OtpFormatError } from '../../../src-main/vault';
import { base32Decode } from '../../../src-main/vault/base32';
import { formatOtpauthUri } from '../../../src-main/vault/otpauth-format';
import { parseOtpauthUri } from '../../../src-main/vault/otpauth-uri';
import { SHORT_SECRET } from './vault-fixtures';

const S = `secret=${SHORT_SECRET}`;

describe('parseOtpauthUri refuses', () => {
  it.each([
    ['https://example.com/?secret=JBSWY3DPEHPK3PXP', 'not an otpauth:// URI'],
    [`otpauth://motp/x?${S}`, 'otpauth URI: unsupported type "motp" (totp, hotp or steam)'],
    ['otpauth://totp/x', 'otpauth URI: the secret parameter is missing'],
    ['otpauth://totp/x?secret=%20', 'otpauth URI: the secret parameter is missing'],
    ['otpauth://totp/x?secret=JBSWY3DP1HPK3PXP', 'the secret is not base32 (only the letters A–Z and digits 2–7)'],
    ['otpauth://totp/x?secret=JBSWY3DP', 'otpauth URI: the secret is 5 bytes; at least 10 are needed'],
    [`otpauth://totp/x?secret=${'A'.repeat(120)}`, 'otpauth URI: the secret is 75 bytes; at most 64 are supported'],
    [`otpauth://totp/x?${S}&algorithm=MD5`, 'otpauth URI: unsupported algorithm "MD5" (SHA1, SHA256 or SHA512)'],
    [`otpauth://totp/x?${S}&digits=5`, 'otpauth URI: digits must be 6, 7 or 8 (got 5)'],
    [`otpauth://totp/x?${S}&digits=10`, 'otpauth URI: digits must be 6, 7 or 8 (got 10)'],
    [`otpauth://totp/x?${S}&digits=six`, 'otpauth URI: digits must be a whole number (got "six")'],
    [`otpauth://totp/x?${S}&period=0`, 'otpauth URI: period must be 1 to 86400 seconds (got 0)'],
    [`otpauth://totp/x?${S}&period=-30`, 'otpauth URI: period must be a whole number (got "-30")'],
    [`otpauth://hotp/x?${S}&counter=1.5`, 'otpauth URI: counter must be a whole number (got "1.5")'],
    [`otpauth://totp/%E0%A4%A?${S}`, 'otpauth URI: malformed percent-encoding in the label'],
    [`otpauth://totp/x?${S}&issuer=%ZZ`, 'otpauth URI: malformed percent-encoding in the "issuer" parameter'],
  ])('%s: %s', (uri, message) => {
    const attempt = () => parseOtpauthUri(uri);
    expect(attempt).toThrow(OtpFormatError);
    expect(attempt).toThrow(new OtpFormatError(message));
  });
});

describe('parseOtpauthUri reads', () => {
  const base = { secret: base32Decode(SHORT_SECRET) };
  it.each([
    [`otpauth://totp/ACME%20Co:alice@example.com?${S}&issuer=ACME%20Co`,
      { ...base, kind: 'totp', issuer: 'ACME Co', label: 'alice@example.com', algorithm: 'SHA1', digits: 6, period: 30, counter: null }],
    [`OTPAUTH://TOTP/Example%3Abob?secret=jbsw%20y3dp%20ehpk%203pxp&algorithm=sha-256&digits=8&period=60`,
      { ...base, kind: 'totp', issuer: 'Example', label: 'bob', algorithm: 'SHA256', digits: 8, period: 60, counter: null }],
    [`otpauth://totp/Label:carol?${S}&issuer=Param+Issuer`,
      { ...base, kind: 'totp', issuer: 'Param Issuer', label: 'carol', algorithm: 'SHA1', digits: 6, period: 30, counter: null }],
    [`otpauth://hotp/dave?${S}&counter=42&digits=7&algorithm=SHA512`,
      { ...base, kind: 'hotp', issuer: '', label: 'dave', algorithm: 'SHA512', digits: 7, period: 30, counter: 42 }],
    [`otpauth://totp/Steam:erin?${S}&encoder=steam&digits=8`,
      { ...base, kind: 'steam', issuer: 'Steam', label: 'erin', algorithm: 'SHA1', digits: 5, period: 30, counter: null }],
    [`otpauth://steam/Steam:frank?${S}`,
      { ...base, kind: 'steam', issuer: 'Steam', label: 'frank', algorithm: 'SHA1', digits: 5, period: 30, counter: null }],
  ])('%s', (uri, expected) => {
    expect(parseOtpauthUri(uri)).toEqual(expected);
  });

  it('writes percent-encoding, never a form-encoded "+" (Google Authenticator shows it literally)', () => {
    const parsed = parseOtpauthUri(`otpauth://totp/Cloud%20Console:bob+b?${S}&issuer=Cloud+Console`);
    expect(formatOtpauthUri(parsed)).toBe(`otpauth://totp/Cloud%20Console:bob%2Bb?${S}&issuer=Cloud%20Console&algorithm=SHA1&digits=6&period=30`);
  });

  it('reads back what formatOtpauthUri writes, including colons and spaces in names', () => {
    for (const uri of [
      `otpauth://totp/A%3AB:user%20name?${S}&issuer=A%3AB&algorithm=SHA512&digits=7&period=90`,
      `otpauth://hotp/Bank:me?${S}&counter=9`,
      `otpauth://totp/Steam:gamer?${S}&encoder=steam`,
      `otpauth://totp/nobody?${S}`,
    ]) {
      const parsed = parseOtpauthUri(uri);
      expect(parseOtpauthUri(formatOtpauthUri(parsed))).toEqual(parsed);
    }
  });
});
