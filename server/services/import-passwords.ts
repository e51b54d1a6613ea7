import { encodeScrypt, parseLegacyHash } from '../crypto/legacy-hashes.js';
import type { RowError } from './import-schema.js';

/** `custom_password_hash` as the import schema admits it. */
export interface CustomPasswordHash {
  algorithm: string;
  hash: { value: string; encoding?: string };
  salt?: { value: string; encoding?: string; position?: string };
  password?: { encoding: string };
  keylen?: number;
  cost?: number;
  blockSize?: number;
  parallelization?: number;
}

/** The `custom_password_hash` algorithms Tessera verifies; Auth0's others (md5, sha*, hmac, ldap) are refused. */
export const SUPPORTED_CUSTOM_ALGORITHMS = ['argon2', 'bcrypt', 'pbkdf2', 'scrypt'] as const;
/** scrypt's defaults in Auth0's import schema (and Node's `crypto.scrypt`). */
const SCRYPT_DEFAULTS = { cost: 16384, blockSize: 8, parallelization: 1 };

const invalid = (path: string, message: string): RowError => ({ code: 'INVALID_FORMAT', message, path });

function decode(value: string, encoding: string | undefined): Buffer | undefined {
  if (encoding === 'hex') return /^(?:[0-9a-fA-F]{2})+$/.test(value) ? Buffer.from(value, 'hex') : undefined;
  if (encoding === 'base64') return /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined;
  return Buffer.from(value, 'utf8');
}

/** Auth0's scrypt form (hash and salt with their encodings, cost parameters apart) → the stored string. */
function scryptHash(custom: CustomPasswordHash): string | RowError {
  if (custom.hash.encoding !== 'base64' && custom.hash.encoding !== 'hex') {
    return invalid('custom_password_hash.hash.encoding', 'scrypt hash.encoding must be base64 or hex');
  }
  if (!custom.salt) return { code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: 'Missing required property: salt', path: 'custom_password_hash' };
  const hash = decode(custom.hash.value, custom.hash.encoding);
  const salt = decode(custom.salt.value, custom.salt.encoding ?? 'utf8');
  if (!hash) return invalid('custom_password_hash.hash.value', `hash.value is not ${custom.hash.encoding}`);
  if (!salt) return invalid('custom_password_hash.salt.value', `salt.value is not ${custom.salt.encoding ?? 'utf8'}`);
  if (custom.keylen !== undefined && custom.keylen !== hash.length) {
    return invalid('custom_password_hash.keylen', `keylen ${custom.keylen} does not match the ${hash.length}-byte hash`);
  }
  const params = {
    n: custom.cost ?? SCRYPT_DEFAULTS.cost,
    r: custom.blockSize ?? SCRYPT_DEFAULTS.blockSize,
    p: custom.parallelization ?? SCRYPT_DEFAULTS.parallelization,
  };
  return encodeScrypt(params, salt, hash);
}

/**
 * bcrypt, argon2 and pbkdf2 arrive as one self-describing string (modular crypt or PHC format), in
 * utf8 and without a separate salt, as Auth0 requires for these three.
 */
function selfDescribing(custom: CustomPasswordHash): string | RowError {
  if (custom.hash.encoding !== undefined && custom.hash.encoding !== 'utf8') {
    return invalid('custom_password_hash.hash.encoding', `${custom.algorithm} hash.encoding must be utf8`);
  }
  if (custom.salt) return { code: 'OBJECT_ADDITIONAL_PROPERTIES', message: 'Additional properties not allowed: salt', path: 'custom_password_hash' };
  const prefix = { bcrypt: '$2', argon2: '$argon2', pbkdf2: '$pbkdf2-' }[custom.algorithm as 'bcrypt' | 'argon2' | 'pbkdf2'];
  if (!custom.hash.value.startsWith(prefix)) return invalid('custom_password_hash.hash.value', `hash.value is not a ${custom.algorithm} hash`);
  return custom.hash.value;
}

/** Checks a stored form once, so a row whose hash could never be verified is refused at import. */
function usable(stored: string | RowError, path: string): string | RowError {
  if (typeof stored !== 'string') return stored;
  const parsed = parseLegacyHash(stored);
  return typeof parsed === 'string' ? invalid(path, parsed) : stored;
}

/** The hash to store for a row (undefined when it has none), or the row's error. Never echoes the hash. */
export function importedPasswordHash(row: { password_hash?: string; custom_password_hash?: CustomPasswordHash }): string | RowError | undefined {
  const custom = row.custom_password_hash;
  if (row.password_hash !== undefined && custom !== undefined) {
    return { code: 'NOT_PASSED', message: 'password_hash and custom_password_hash are mutually exclusive', path: '' };
  }
  if (row.password_hash !== undefined) {
    return usable(row.password_hash.startsWith('$2') ? row.password_hash : invalid('password_hash', 'password_hash must be a bcrypt hash'), 'password_hash');
  }
  if (custom === undefined) return undefined;
  if (!(SUPPORTED_CUSTOM_ALGORITHMS as readonly string[]).includes(custom.algorithm)) {
    return {
      code: 'UNSUPPORTED_ALGORITHM',
      message: `custom_password_hash algorithm ${custom.algorithm} is not supported by this server (supported: ${SUPPORTED_CUSTOM_ALGORITHMS.join(', ')})`,
      path: 'custom_password_hash.algorithm',
    };
  }
  if (custom.password !== undefined && custom.password.encoding !== 'utf8') {
    return invalid('custom_password_hash.password.encoding', 'only utf8 passwords are supported');
  }
  const stored = custom.algorithm === 'scrypt' ? scryptHash(custom) : selfDescribing(custom);
  return usable(stored, 'custom_password_hash.hash.value');
}
