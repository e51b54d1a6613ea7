import { createCipheriv, createDecipheriv, scrypt, type ScryptOptions } from 'node:crypto';
import { BackupError } from './errors';
import { isObject, type JsonObject } from './json-fields';
import type { RandomBytes } from './seed-cipher';
import type { AccountAppearance, OtpParams } from './types';

export const BACKUP_FORMAT = 'tessera-authenticator-backup';
export const BACKUP_VERSION = 1;
export const MIN_BACKUP_PASSWORD_LENGTH = 8;
/** scrypt's cost parameters, as a backup file records them. */
export interface ScryptCost {
  n: number;
  r: number;
  p: number;
}
/** scrypt at OWASP's N=2^17, r=8, p=1 (128 MiB): a backup file may leak, so guessing must be slow. */
export const BACKUP_SCRYPT: ScryptCost = { n: 2 ** 17, r: 8, p: 1 };
const SCRYPT = BACKUP_SCRYPT;
/** Ceilings for parameters read from a file, so a crafted backup cannot ask for unbounded work. */
const SCRYPT_MAX = { n: 2 ** 20, r: 16, p: 4 };
const KEY_BYTES = 32; // AES-256
const SALT_BYTES = 32;
const NONCE_BYTES = 12; // GCM's 96-bit nonce (NIST SP 800-38D §8.2)
const TAG_BYTES = 16;

/** One account inside the encrypted payload, secret in base32. */
export interface BackupAccount extends OtpParams, AccountAppearance {
  issuer: string;
  label: string;
  secret: string;
}

/** The plaintext of a backup: accounts, and their codes at `check.at` to verify a restore against. */
export interface BackupContents {
  accounts: BackupAccount[];
  check: { at_ms: number; codes: string[] };
}

function deriveKey(password: string, salt: Buffer, params: typeof SCRYPT): Promise<Buffer> {
  const options: ScryptOptions = { N: params.n, r: params.r, p: params.p, maxmem: 256 * params.n * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

// The header is authenticated: a file with altered parameters fails instead of decrypting differently.
const aad = (params: typeof SCRYPT) => Buffer.from(`${BACKUP_FORMAT}/v${BACKUP_VERSION}/scrypt/${params.n}/${params.r}/${params.p}`);

/** Seals a backup; `cost` is BACKUP_SCRYPT except in tests, which pass a cheaper one (the file records it). */
export async function sealBackup(contents: BackupContents, password: string, random: RandomBytes, createdAt: string, cost: ScryptCost = SCRYPT): Promise<string> {
  if (password.length < MIN_BACKUP_PASSWORD_LENGTH) throw new BackupError(`the backup password must have at least ${MIN_BACKUP_PASSWORD_LENGTH} characters`);
  const salt = random(SALT_BYTES);
  const nonce = random(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(password, salt, cost), nonce).setAAD(aad(cost));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${JSON.stringify({
    format: BACKUP_FORMAT, version: BACKUP_VERSION, created_at: createdAt,
    kdf: { name: 'scrypt', ...cost, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
    ciphertext: sealed.toString('base64'),
  }, null, 2)}\n`;
}

export function isBackupEnvelope(json: unknown): json is JsonObject {
  return isObject(json) && json.format === BACKUP_FORMAT;
}

function kdfParams(kdf: JsonObject): typeof SCRYPT {
  const { n, r, p } = kdf;
  const ok = (value: unknown, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
  if (kdf.name !== 'scrypt' || !ok(n, SCRYPT_MAX.n) || !ok(r, SCRYPT_MAX.r) || !ok(p, SCRYPT_MAX.p)) {
    throw new BackupError('the backup names key-derivation parameters this version does not accept');
  }
  return { n: n as number, r: r as number, p: p as number };
}

export async function openBackup(envelope: JsonObject, password: string): Promise<BackupContents> {
  if (envelope.version !== BACKUP_VERSION) throw new BackupError(`backup version ${String(envelope.version)} is not supported (this Tessera reads version ${BACKUP_VERSION})`);
  const { kdf, cipher, ciphertext } = envelope;
  if (!isObject(kdf) || !isObject(cipher) || cipher.name !== 'aes-256-gcm' || typeof kdf.salt !== 'string'
    || typeof cipher.nonce !== 'string' || typeof ciphertext !== 'string') throw new BackupError('the backup file is damaged');
  const params = kdfParams(kdf);
  const sealed = Buffer.from(ciphertext, 'base64');
  const key = await deriveKey(password, Buffer.from(kdf.salt, 'base64'), params);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(cipher.nonce, 'base64')).setAAD(aad(params));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as BackupContents;
  } catch {
    throw new BackupError('wrong password, or the backup file is damaged');
  }
}
