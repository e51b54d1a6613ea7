import { createCipheriv, createDecipheriv, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Random } from '../deps.js';

/** AES-256-GCM (NIST SP 800-38D): 96-bit IV, 128-bit tag. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/**
 * Encrypts secrets at rest under the data key, which lives outside the database
 * (env, key file, or the OS keychain in the desktop app). `aad` binds a ciphertext
 * to its row so a ciphertext copied to another row does not decrypt.
 */
export interface SecretBox {
  encrypt(plaintext: string, aad: string): string;
  decrypt(sealed: string, aad: string): string;
  /** Keyed digest for secrets that are only ever compared (recovery codes, tokens). */
  digest(purpose: string, value: string): string;
}

export function createSecretBox(dataKey: Buffer, random: Random): SecretBox {
  if (dataKey.length !== 32) throw new Error('The data key must be 32 bytes.');
  // KeyObjects, made once: given a Buffer, every cipher and HMAC would wrap the key again (per request, several times).
  const encKey = createSecretKey(createHmac('sha256', dataKey).update('tessera/encrypt').digest());
  const macKey = createSecretKey(createHmac('sha256', dataKey).update('tessera/digest').digest());
  return {
    encrypt(plaintext, aad) {
      const iv = random.bytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [FORMAT, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt(sealed, aad) {
      const [format, iv, body, tag] = sealed.split('.');
      if (format !== FORMAT || !iv || body === undefined || !tag) throw new Error('Unrecognised ciphertext format.');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    digest(purpose, value) {
      return createHmac('sha256', macKey).update(purpose).update('\0').update(value).digest('base64url');
    },
  };
}

/** Constant-time string equality (compares fixed-length digests so length does not leak). */
const COMPARE_KEY = createSecretKey(Buffer.from('tessera/compare'));

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(compareDigest(a), compareDigest(b));
}

/** What `safeEqual` compares: a side that is compared often can keep its digest (`safeEqualDigest`). */
export function compareDigest(value: string): Buffer {
  return createHmac('sha256', COMPARE_KEY).update(value).digest();
}

/** `safeEqual(a, b)` given `compareDigest(b)`. */
export function safeEqualDigest(a: string, digestOfB: Buffer): boolean {
  return timingSafeEqual(compareDigest(a), digestOfB);
}
