import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from '../../../src-main/vault/base32';
import { computeCode, secondsLeft } from '../../../src-main/vault/otp-code';
import { OtpAlgorithm, OtpKind, type OtpParams } from '../../../src-main/vault/types';
import { NOW_MS, oathhotp, oathtotp, RFC_SECRET, SHORT_SECRET } from './vault-fixtures';

const ALGORITHMS = Object.values(OtpAlgorithm);
const DIGITS = [6, 7, 8];
const PERIODS = [15, 30, 60, 90];
/** Instants around step edges and far from now, so a wrong step or truncation cannot hide. */
const INSTANTS_MS = [59_000, 1_111_111_109_000, 1_234_567_890_000, 2_000_000_000_000, NOW_MS, NOW_MS + 89_999];
const SECRETS = [SHORT_SECRET, RFC_SECRET, base32Encode(Buffer.alloc(64, 0xa5))];

const totp = (algorithm: OtpAlgorithm, digits: number, period: number): OtpParams =>
  ({ kind: OtpKind.totp, algorithm, digits, period, counter: null });

describe('TOTP codes equal oathtool', () => {
  const cases = ALGORITHMS.flatMap((algorithm) => DIGITS.flatMap((digits) => PERIODS.map((period) => [algorithm, digits, period] as const)));
  it.each(cases)('%s, %i digits, %i s', (algorithm, digits, period) => {
    for (const secret of SECRETS) {
      for (const atMs of INSTANTS_MS) {
        const code = computeCode(base32Decode(secret), totp(algorithm, digits, period), { nowMs: atMs });
        expect(code, `${secret} at ${atMs}`).toBe(oathtotp(secret, algorithm, digits, period, atMs));
      }
    }
  });
});

describe('HOTP codes equal oathtool', () => {
  it.each([[6], [7], [8]])('%i digits, counters 0–20 and 2^32', (digits) => {
    for (const counter of [...Array.from({ length: 21 }, (_, i) => i), 2 ** 32]) {
      const code = computeCode(base32Decode(SHORT_SECRET), { kind: OtpKind.hotp, algorithm: OtpAlgorithm.sha1, digits, period: 30, counter }, { counter });
      expect(code, `counter ${counter}`).toBe(oathhotp(SHORT_SECRET, counter, digits));
    }
  });
});

describe('Steam Guard codes', () => {
  const steam: OtpParams = { kind: OtpKind.steam, algorithm: OtpAlgorithm.sha1, digits: 5, period: 30, counter: null };
  // KeePassXC tests/TestTotp.cpp (testSteamTotp), the vector Aegis and Authenticator Pro also use.
  it.each([
    ['63BEDWCQZKTQWPESARIERL5DTTQFCJTK', 1_511_200_518_000, 'FR8RV'],
    ['63BEDWCQZKTQWPESARIERL5DTTQFCJTK', 1_511_200_714_000, '9P3VP'],
    [base32Encode(Buffer.alloc(20)), 0, 'RYH4D'],
    [base32Encode(Buffer.alloc(20)), 30_000, 'DR2DK'],
  ])('%s at %i ms is %s', (secret, atMs, expected) => {
    expect(computeCode(base32Decode(secret), steam, { nowMs: atMs })).toBe(expected);
  });
});

describe('base32 and the countdown', () => {
  it('reads secrets as people paste them and round-trips every length', () => {
    expect(base32Decode('jbsw y3dp-ehpk 3pxp====')).toEqual(base32Decode(SHORT_SECRET));
    for (let length = 1; length <= 40; length += 1) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + length) & 0xff));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it.each([['', 'the secret is empty'], ['JBSW1Y3D', 'the secret is not base32 (only the letters A–Z and digits 2–7)']])(
    'refuses %j: %s', (text, message) => {
      expect(() => base32Decode(text)).toThrow(message);
    });

  it.each([[0, 30, 30], [29_999, 30, 1], [30_000, 30, 30], [NOW_MS, 90, 90 - ((NOW_MS / 1000) % 90)]])(
    'at %i ms with a %i s period, %i s are left', (atMs, period, left) => {
      expect(secondsLeft(period, atMs)).toBe(left);
    });
});
