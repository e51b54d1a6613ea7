import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import { systemRandom } from '../../../server/crypto/random.js';
import type { Random } from '../../../server/deps.js';
import {
  generateRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_LENGTH,
  recoveryCodeDigest,
} from '../../../server/factors/recovery-code.js';

const CODE = 'K6LGLV3RSH3VERMKET8L7QKU';

describe('generateRecoveryCode', () => {
  it('is 24 upper-case alphanumerics (Auth0 docs examples), like K6LGLV3RSH3VERMKET8L7QKU', () => {
    expect(RECOVERY_CODE_LENGTH).toBe(24);
    for (let i = 0; i < 50; i += 1) expect(generateRecoveryCode(systemRandom)).toMatch(/^[A-Z0-9]{24}$/);
  });

  it('draws only from the injected randomness (a pinned source gives a pinned code)', () => {
    // Every byte 0 maps to the first symbol; 36 maps to 0 again (256 - 256 % 36 = 252 is the rejection limit).
    const zeros: Random = { bytes: (size) => Buffer.alloc(size, 0) };
    expect(generateRecoveryCode(zeros)).toBe('A'.repeat(24));
    const thirtyFive: Random = { bytes: (size) => Buffer.alloc(size, 35) };
    expect(generateRecoveryCode(thirtyFive)).toBe('9'.repeat(24));
  });

  it('rejects biased bytes instead of folding them (no modulo bias)', () => {
    let call = 0;
    // First batch is all 252..255 (rejected), then all 1s ('B').
    const random: Random = { bytes: (size) => Buffer.alloc(size, call++ === 0 ? 255 : 1) };
    expect(generateRecoveryCode(random)).toBe('B'.repeat(24));
  });
});

describe('normalizeRecoveryCode', () => {
  it.each([
    ['as issued', CODE, CODE],
    ['lower case', CODE.toLowerCase(), CODE],
    ['mixed case', 'k6lgLV3RSH3VERMKET8L7qku', CODE],
    ['groups of four with dashes', 'K6LG-LV3R-SH3V-ERMK-ET8L-7QKU', CODE],
    ['groups with spaces', 'K6LG LV3R SH3V ERMK ET8L 7QKU', CODE],
    ['lower case, dashes and spaces', ' k6lg-lv3r sh3v-ermk et8l-7qku ', CODE],
    ['tabs and newlines', 'K6LGLV3RSH3V\tERMKET8L7QKU\n', CODE],
  ])('accepts %s', (_label, input, expected) => {
    expect(normalizeRecoveryCode(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['23 characters', CODE.slice(1)],
    ['25 characters', `${CODE}A`],
    ['punctuation', 'K6LG.LV3R.SH3V.ERMK.ET8L.7QKU'],
    ['underscores', 'K6LG_LV3R_SH3V_ERMK_ET8L_7QKU'],
    ['non-ASCII letters', 'K6LGLV3RSH3VERMKET8L7QKÜ'],
    ['only separators', '- - - -'],
  ])('refuses %s', (_label, input) => {
    expect(normalizeRecoveryCode(input)).toBeUndefined();
  });
});

describe('recoveryCodeDigest', () => {
  const box = createSecretBox(randomBytes(32), systemRandom);

  it('is deterministic under one data key and never contains the code', () => {
    const digest = recoveryCodeDigest(box, CODE);
    expect(digest).toBe(recoveryCodeDigest(box, CODE));
    expect(digest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(digest).not.toContain(CODE);
  });

  it('differs per code and per data key (a stolen database alone cannot test guesses)', () => {
    const other = createSecretBox(randomBytes(32), systemRandom);
    expect(recoveryCodeDigest(box, CODE)).not.toBe(recoveryCodeDigest(box, 'K6LGLV3RSH3VERMKET8L7QKV'));
    expect(recoveryCodeDigest(box, CODE)).not.toBe(recoveryCodeDigest(other, CODE));
  });

  it('is domain-separated from other digests under the same key', () => {
    expect(recoveryCodeDigest(box, CODE)).not.toBe(box.digest('mfa-token', CODE));
  });
});
