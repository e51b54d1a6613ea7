import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { argon2d, argon2i, argon2id, bcrypt } from 'hash-wasm';

/**
 * Password hashes made by another system and imported as they are (Auth0 bulk import: `password_hash`
 * and `custom_password_hash`), checked at the user's next login and then replaced by Tessera's scrypt.
 * Stored in their usual strings: bcrypt's modular crypt format (`$2b$10$…`), the PHC string format for
 * argon2 and pbkdf2 (https://github.com/P-H-C/phc-string-format), and `$scrypt$n=…,r=…,p=…$salt$hash`
 * for scrypt. Every form starts with `$`, which Tessera's own `scrypt$…` never does.
 * Costs are bounded here so an imported hash cannot make each login attempt arbitrarily expensive.
 */
export type LegacyHash =
  | { kind: 'bcrypt'; cost: number; salt: Buffer; hash: string }
  | { kind: 'argon2'; variant: 'argon2id' | 'argon2i' | 'argon2d'; m: number; t: number; p: number; salt: Buffer; hash: Buffer }
  | { kind: 'pbkdf2'; digest: string; iterations: number; salt: Buffer; hash: Buffer }
  | { kind: 'scrypt'; n: number; r: number; p: number; salt: Buffer; hash: Buffer };

export const PBKDF2_DIGESTS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const MAX_BCRYPT_COST = 16;
const MAX_ARGON2_MEMORY_KIB = 256 * 1024;
const MAX_ARGON2_PASSES = 16;
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
/** bcrypt reads at most 72 bytes of the password (the original OpenBSD implementation). */
const BCRYPT_MAX_PASSWORD_BYTES = 72;

const B64 = /^[A-Za-z0-9+/]+$/;
const BCRYPT = /^\$2[aby]\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;
const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** bcrypt's own base64 (alphabet `./A-Za-z0-9`, no padding): 22 characters carry the 16-byte salt. */
function bcryptSalt(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    value = (value << 6) | BCRYPT_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out.slice(0, 16));
}

const b64 = (text: string | undefined): Buffer | undefined => (text && B64.test(text) ? Buffer.from(text, 'base64') : undefined);

/** `k=v,k=v` PHC parameters as integers; undefined when any is not a plain positive integer. */
function phcParams(text: string | undefined): Record<string, number> | undefined {
  if (!text) return undefined;
  const params: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^([a-z]+)=(\d{1,10})$/.exec(part);
    if (!match?.[1] || !match[2]) return undefined;
    params[match[1]] = Number(match[2]);
  }
  return params;
}

function parseBcrypt(stored: string): LegacyHash | string {
  const match = BCRYPT.exec(stored);
  if (!match?.[1] || !match[2] || !match[3]) return 'not a bcrypt hash ($2a$, $2b$ or $2y$)';
  const cost = Number(match[1]);
  if (cost < 4 || cost > MAX_BCRYPT_COST) return `bcrypt cost must be between 4 and ${MAX_BCRYPT_COST}`;
  return { kind: 'bcrypt', cost, salt: bcryptSalt(match[2]), hash: match[3] };
}

function parseArgon2(stored: string): LegacyHash | string {
  const [, variant, version, params, salt, hash, ...rest] = stored.split('$');
  if (variant !== 'argon2id' && variant !== 'argon2i' && variant !== 'argon2d') return 'not an argon2 PHC string';
  // Version 0x13 (19) is RFC 9106's; the older 0x10 is not supported.
  if (version !== 'v=19') return 'only argon2 version 19 is supported';
  const p = phcParams(params);
  const saltBytes = b64(salt);
  const hashBytes = b64(hash);
  if (!p || p.m === undefined || p.t === undefined || p.p === undefined || !saltBytes || !hashBytes || rest.length > 0) return 'not an argon2 PHC string';
  if (p.t < 1 || p.t > MAX_ARGON2_PASSES || p.p < 1 || p.p > 16 || p.m < 8 * p.p || p.m > MAX_ARGON2_MEMORY_KIB) return 'argon2 parameters out of range';
  if (saltBytes.length < 8 || hashBytes.length < 4) return 'argon2 salt or hash too short';
  return { kind: 'argon2', variant, m: p.m, t: p.t, p: p.p, salt: saltBytes, hash: hashBytes };
}

function parsePbkdf2(stored: string): LegacyHash | string {
  const [, id, params, salt, hash, ...rest] = stored.split('$');
  const digest = id?.slice('pbkdf2-'.length) ?? '';
  if (!id?.startsWith('pbkdf2-') || !(PBKDF2_DIGESTS as readonly string[]).includes(digest)) return `pbkdf2 digest must be one of ${PBKDF2_DIGESTS.join(', ')}`;
  const p = phcParams(params);
  const saltBytes = b64(salt);
  const hashBytes = b64(hash);
  if (!p || p.i === undefined || !saltBytes || !hashBytes || rest.length > 0) return 'not a pbkdf2 PHC string ($pbkdf2-<digest>$i=<iterations>,l=<length>$<salt>$<hash>)';
  if (p.i < 1 || p.i > MAX_PBKDF2_ITERATIONS) return 'pbkdf2 iterations out of range';
  if (p.l !== undefined && p.l !== hashBytes.length) return 'pbkdf2 key length (l) does not match the hash';
  return { kind: 'pbkdf2', digest, iterations: p.i, salt: saltBytes, hash: hashBytes };
}

function parseScrypt(stored: string): LegacyHash | string {
  const [, , params, salt, hash, ...rest] = stored.split('$');
  const p = phcParams(params);
  const saltBytes = b64(salt);
  const hashBytes = b64(hash);
  if (!p || p.n === undefined || p.r === undefined || p.p === undefined || !saltBytes || !hashBytes || rest.length > 0) return 'not a scrypt hash';
  // RFC 7914 §2: N a power of two above 1; memory is about 128·N·r bytes (§6).
  if (p.n < 2 || (p.n & (p.n - 1)) !== 0 || p.r < 1 || p.p < 1 || p.p > 16 || 128 * p.n * p.r > MAX_SCRYPT_MEMORY) return 'scrypt parameters out of range';
  return { kind: 'scrypt', n: p.n, r: p.r, p: p.p, salt: saltBytes, hash: hashBytes };
}

/** The parsed hash, or why it cannot be used. */
export function parseLegacyHash(stored: string): LegacyHash | string {
  if (stored.startsWith('$2')) return parseBcrypt(stored);
  if (stored.startsWith('$argon2')) return parseArgon2(stored);
  if (stored.startsWith('$pbkdf2-')) return parsePbkdf2(stored);
  if (stored.startsWith('$scrypt$')) return parseScrypt(stored);
  return 'unknown hash format';
}

export function isLegacyHash(stored: string): boolean {
  return stored.startsWith('$');
}

export function encodeScrypt(params: { n: number; r: number; p: number }, salt: Buffer, hash: Buffer): string {
  const unpadded = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
  return `$scrypt$n=${params.n},r=${params.r},p=${params.p}$${unpadded(salt)}$${unpadded(hash)}`;
}

function nodePbkdf2(password: Buffer, salt: Buffer, iterations: number, length: number, digest: string): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, length, digest, (err, key) => (err ? reject(err) : resolve(key))));
}

function nodeScrypt(password: Buffer, salt: Buffer, length: number, h: { n: number; r: number; p: number }): Promise<Buffer> {
  const options = { N: h.n, r: h.r, p: h.p, maxmem: MAX_SCRYPT_MEMORY + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

async function derive(password: Buffer, h: LegacyHash): Promise<Buffer> {
  switch (h.kind) {
    case 'bcrypt': {
      const encoded = await bcrypt({ password: password.subarray(0, BCRYPT_MAX_PASSWORD_BYTES), salt: h.salt, costFactor: h.cost, outputType: 'encoded' });
      return Buffer.from(encoded.slice(-31));
    }
    case 'argon2': {
      const kdf = { argon2id, argon2i, argon2d }[h.variant];
      const options = { password, salt: h.salt, iterations: h.t, parallelism: h.p, memorySize: h.m, hashLength: h.hash.length, outputType: 'binary' as const };
      return Buffer.from(await kdf(options));
    }
    case 'pbkdf2':
      return nodePbkdf2(password, h.salt, h.iterations, h.hash.length, h.digest);
    case 'scrypt':
      return nodeScrypt(password, h.salt, h.hash.length, h);
  }
}

/** Whether `password` matches an imported hash; compared in constant time. */
export async function verifyLegacyHash(password: string, stored: string): Promise<boolean> {
  const parsed = parseLegacyHash(stored);
  // The password grant never passes an empty password; argon2's library refuses one.
  if (typeof parsed === 'string' || password === '') return false;
  const expected = parsed.kind === 'bcrypt' ? Buffer.from(parsed.hash) : parsed.hash;
  const actual = await derive(Buffer.from(password, 'utf8'), parsed);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
