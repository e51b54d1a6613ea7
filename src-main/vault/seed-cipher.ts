import { createCipheriv, createDecipheriv } from 'node:crypto';
import { VaultKeyMismatchError } from './errors';

export type RandomBytes = (size: number) => Buffer;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

// The row id is the associated data: a sealed seed copied onto another row (someone with write access
// to the database file) fails to open instead of silently producing another account's codes.
const aad = (accountId: string) => Buffer.from(`tessera/vault/seed/v1/${accountId}`, 'utf8');

/** AES-256-GCM with a fresh random 96-bit nonce: nonce ‖ ciphertext ‖ tag, as one BLOB. */
export function sealSeed(vaultKey: Buffer, accountId: string, seed: Uint8Array, random: RandomBytes): Buffer {
  const nonce = random(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', vaultKey, nonce).setAAD(aad(accountId));
  return Buffer.concat([nonce, cipher.update(seed), cipher.final(), cipher.getAuthTag()]);
}

export function openSeed(vaultKey: Buffer, accountId: string, sealed: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', vaultKey, sealed.subarray(0, NONCE_BYTES)).setAAD(aad(accountId));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new VaultKeyMismatchError(`the seed of account ${accountId} does not open with the vault key (the key was replaced or the database altered)`);
  }
}
