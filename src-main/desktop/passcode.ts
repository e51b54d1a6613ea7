import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The app-lock passcode as stored: scrypt (RFC 7914) with its own salt and cost, never the passcode. */
export interface PasscodeHash {
  algorithm: 'scrypt';
  salt: string;
  hash: string;
  N: number;
  r: number;
  p: number;
}

export interface PasscodeCost {
  N: number;
  r: number;
  p: number;
}

// OWASP's scrypt floor is N=2^17, r=8, p=1 (128 MiB); a desktop unlock can afford it once per unlock.
export const PASSCODE_SCRYPT: PasscodeCost = { N: 2 ** 17, r: 8, p: 1 };
const HASH_BYTES = 32;
const SALT_BYTES = 16;

function derive(passcode: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(passcode.normalize('NFC'), salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `cost` is PASSCODE_SCRYPT except in tests, which pass a cheaper one (the hash records it). */
export async function hashPasscode(passcode: string, cost: PasscodeCost = PASSCODE_SCRYPT): Promise<PasscodeHash> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(passcode, salt, cost);
  return { algorithm: 'scrypt', salt: salt.toString('base64'), hash: hash.toString('base64'), N: cost.N, r: cost.r, p: cost.p };
}

export async function verifyPasscode(passcode: string, stored: PasscodeHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(passcode, Buffer.from(stored.salt, 'base64'), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function isPasscodeHash(value: unknown): value is PasscodeHash {
  const hash = value as Partial<PasscodeHash> | null;
  return hash?.algorithm === 'scrypt' && typeof hash.salt === 'string' && typeof hash.hash === 'string'
    && Number.isInteger(hash.N) && Number.isInteger(hash.r) && Number.isInteger(hash.p);
}
