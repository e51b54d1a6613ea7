import { describe, expect, it } from 'vitest';
import type { Random } from '../../../server/deps.js';
import {
  base32Encode,
  generateTotpSecret,
  TOTP_DIGITS,
  TOTP_PERIOD_S,
  TOTP_SECRET_BYTES,
  totpBarcodeUri,
  verifyTotp,
} from '../../../server/factors/otp.js';
import { oathtool } from '../../helpers/server.js';

/** RFC 6238 Appendix B: the SHA1 seed is the ASCII string "12345678901234567890". */
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** RFC 6238 Appendix B, SHA1 column: (T in seconds, 8-digit TOTP). */
const RFC_SHA1_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const at = (seconds: number) => seconds * 1000;
const stepOf = (seconds: number) => Math.floor(seconds / TOTP_PERIOD_S);

describe('base32Encode (RFC 4648 §10, no padding)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
    ['12345678901234567890', RFC_SECRET],
  ])('encodes %j as %j', (input, expected) => {
    expect(base32Encode(Buffer.from(input, 'ascii'))).toBe(expected);
  });

  it('encodes every byte value to the RFC alphabet', () => {
    expect(base32Encode(Buffer.from([0x00, 0x00, 0x00, 0x00, 0x00]))).toBe('AAAAAAAA');
    expect(base32Encode(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('77777777');
  });
});

describe('generateTotpSecret', () => {
  it('takes 20 bytes from the injected randomness and returns 32 base32 characters', () => {
    const asked: number[] = [];
    const random: Random = {
      bytes(size) {
        asked.push(size);
        return Buffer.from(RFC_SEED.subarray(0, size));
      },
    };
    expect(generateTotpSecret(random)).toBe(RFC_SECRET);
    expect(asked).toEqual([TOTP_SECRET_BYTES]);
  });
});

describe('totpBarcodeUri (Key URI Format)', () => {
  it('spells out every parameter, issuer-prefixed label percent-encoded', () => {
    expect(totpBarcodeUri(RFC_SECRET, 'Tessera Test', 'ada@example.com')).toBe(
      `otpauth://totp/Tessera%20Test:ada%40example.com?secret=${RFC_SECRET}&issuer=Tessera%20Test&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it.each([['Tessera Test'], ['A&B:C d'], ['Ünïcode + plus']])(
    'issuer %j reads back the same under RFC 3986 decoding (no form-encoded "+") and matches the label prefix',
    (issuer) => {
      const uri = totpBarcodeUri(RFC_SECRET, issuer, 'ada@example.com');
      const [path = '', query = ''] = uri.slice('otpauth://totp/'.length).split('?');
      const rawIssuer = query.split('&').find((pair) => pair.startsWith('issuer='))?.slice('issuer='.length) ?? '';
      expect(decodeURIComponent(rawIssuer)).toBe(issuer);
      expect(decodeURIComponent(path.split(':')[0] ?? '')).toBe(issuer);
      expect(new URL(uri).searchParams.get('issuer')).toBe(issuer);
    },
  );

  it('encodes characters that would break the label or the query', () => {
    expect(totpBarcodeUri('AAAA', 'A&B:C', 'x+y@example.com')).toBe(
      'otpauth://totp/A%26B%3AC:x%2By%40example.com?secret=AAAA&issuer=A%26B%3AC&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('the oracle: oathtool reproduces RFC 6238 Appendix B', () => {
  it.each(RFC_SHA1_VECTORS)('T=%i gives %s with 8 digits', (seconds, expected) => {
    expect(oathtool(RFC_SECRET, at(seconds), { digits: 8 })).toBe(expected);
  });

  it.each(RFC_SHA1_VECTORS)('T=%i: the 6-digit code is the 8-digit value mod 10^6 (RFC 4226 §5.3)', (seconds, eightDigits) => {
    expect(oathtool(RFC_SECRET, at(seconds), { digits: TOTP_DIGITS })).toBe(eightDigits.slice(-6));
  });
});

describe('verifyTotp', () => {
  it.each(RFC_SHA1_VECTORS)('accepts the 6-digit code at T=%i with its time step', (seconds) => {
    const code = oathtool(RFC_SECRET, at(seconds));
    expect(verifyTotp(RFC_SECRET, code, at(seconds), null)).toEqual({ valid: true, timeStep: stepOf(seconds) });
  });

  it.each(RFC_SHA1_VECTORS)('accepts the previous step at T=%i (Auth0 60-second window)', (seconds) => {
    const code = oathtool(RFC_SECRET, at(seconds - TOTP_PERIOD_S));
    expect(verifyTotp(RFC_SECRET, code, at(seconds), null)).toEqual({ valid: true, timeStep: stepOf(seconds) - 1 });
  });

  it.each(RFC_SHA1_VECTORS.filter(([seconds]) => seconds >= 60))('refuses the code two steps back at T=%i', (seconds) => {
    const code = oathtool(RFC_SECRET, at(seconds - 2 * TOTP_PERIOD_S));
    expect(verifyTotp(RFC_SECRET, code, at(seconds), null)).toEqual({ valid: false, replayed: false });
  });

  it.each(RFC_SHA1_VECTORS)('refuses the next step at T=%i (no look-ahead)', (seconds) => {
    const code = oathtool(RFC_SECRET, at(seconds + TOTP_PERIOD_S));
    expect(verifyTotp(RFC_SECRET, code, at(seconds), null)).toEqual({ valid: false, replayed: false });
  });

  it('uses the step boundary exactly: the last second of a step and the first of the next', () => {
    const boundary = 1111111110; // a multiple of 30
    const before = oathtool(RFC_SECRET, at(boundary - 1));
    expect(verifyTotp(RFC_SECRET, before, at(boundary - 1), null)).toEqual({ valid: true, timeStep: stepOf(boundary) - 1 });
    expect(verifyTotp(RFC_SECRET, before, at(boundary), null)).toEqual({ valid: true, timeStep: stepOf(boundary) - 1 });
    expect(verifyTotp(RFC_SECRET, before, at(boundary + TOTP_PERIOD_S), null)).toEqual({ valid: false, replayed: false });
  });

  it('refuses a replay of the step already used, saying it was a replay', () => {
    const seconds = 1234567890;
    const code = oathtool(RFC_SECRET, at(seconds));
    const first = verifyTotp(RFC_SECRET, code, at(seconds), null);
    expect(first).toEqual({ valid: true, timeStep: stepOf(seconds) });
    expect(verifyTotp(RFC_SECRET, code, at(seconds), stepOf(seconds))).toEqual({ valid: false, replayed: true });
    expect(verifyTotp(RFC_SECRET, code, at(seconds + 5), stepOf(seconds))).toEqual({ valid: false, replayed: true });
  });

  it('refuses the previous-step code once a later step was used', () => {
    const seconds = 2000000000;
    const previous = oathtool(RFC_SECRET, at(seconds - TOTP_PERIOD_S));
    expect(verifyTotp(RFC_SECRET, previous, at(seconds), stepOf(seconds))).toEqual({ valid: false, replayed: true });
  });

  it('accepts the current step when only the previous one was used', () => {
    const seconds = 2000000000;
    const code = oathtool(RFC_SECRET, at(seconds));
    expect(verifyTotp(RFC_SECRET, code, at(seconds), stepOf(seconds) - 1)).toEqual({ valid: true, timeStep: stepOf(seconds) });
  });

  it('reports a wrong code after a used step as wrong, not replayed', () => {
    const seconds = 2000000000;
    const wrong = oathtool(RFC_SECRET, at(seconds + 10 * TOTP_PERIOD_S));
    expect(verifyTotp(RFC_SECRET, wrong, at(seconds), stepOf(seconds))).toEqual({ valid: false, replayed: false });
  });

  it.each([
    ['empty', ''],
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['eight-digit RFC value', '94287082'],
    ['letters', 'abcdef'],
    ['a trailing letter', '28708a'],
    ['a leading space', ' 28708'],
    ['surrounding spaces', ' 287082 '],
    ['a sign', '-28708'],
    ['full-width digits', '２８７０８２'],
    ['a newline', '287082\n'],
    ['a decimal', '2870.8'],
  ])('returns {valid:false} for %s without throwing', (_label, code) => {
    expect(verifyTotp(RFC_SECRET, code, at(59), null)).toEqual({ valid: false, replayed: false });
  });
});
