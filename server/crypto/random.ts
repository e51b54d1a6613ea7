import { randomBytes } from 'node:crypto';
import type { Random } from '../deps.js';

export const systemRandom: Random = { bytes: (size) => randomBytes(size) };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A uniformly random string over `alphabet` (rejection sampling: no modulo bias). */
export function randomString(random: Random, length: number, alphabet = ALPHANUMERIC): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export function randomUpperAlphanumeric(random: Random, length: number): string {
  return randomString(random, length, UPPER_ALPHANUMERIC);
}

export function randomToken(random: Random, bytes = 32): string {
  return random.bytes(bytes).toString('base64url');
}

export function randomHex(random: Random, bytes: number): string {
  return random.bytes(bytes).toString('hex');
}
