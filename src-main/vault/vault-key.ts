import { createHmac, timingSafeEqual } from 'node:crypto';
import { KeyringProblem, KeyringUnavailableError, VaultKeyMismatchError } from './errors';
import type { RandomBytes } from './seed-cipher';
import type { SecretStore } from './secret-store';

/** The keychain item, shared by the app and the CLI (one per OS user, whatever the data folder). */
export const VAULT_KEY_SERVICE = 'Tessera';
export const VAULT_KEY_ACCOUNT = 'vault-key';
const VAULT_KEY_BYTES = 32;

/**
 * The database's non-secret record that a vault key exists: an HMAC of a fixed label under the key.
 * It tells "first run" from "the item was deleted" (the keychain answers both with null) and recognises
 * a replaced key, without revealing anything about the key itself.
 */
export interface VaultKeyMarker {
  read(): string | null;
  write(check: string): void;
}

export function vaultKeyCheck(key: Buffer): string {
  return createHmac('sha256', key).update('tessera/vault-key-check/v1').digest('base64');
}

function decodeKey(stored: string, keyring: string): Buffer {
  const key = Buffer.from(stored, 'base64');
  if (key.length !== VAULT_KEY_BYTES) throw new VaultKeyMismatchError(`the vault key in the ${keyring} is not a ${VAULT_KEY_BYTES}-byte key`);
  return key;
}

function checkMatches(key: Buffer, check: string): boolean {
  const expected = Buffer.from(vaultKeyCheck(key));
  const actual = Buffer.from(check);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The vault key for this data folder. Marker present: the keychain must give the matching key, and
 * null means the item was deleted (a locked keyring throws already): an error, never an empty vault. No marker (a new data
 * folder): reuse the key the keychain already holds (the app's and the CLI's folders share it; replacing
 * it would make the other vault unreadable), else create one, and read it back before trusting it.
 */
export async function obtainVaultKey(store: SecretStore, marker: VaultKeyMarker, random: RandomBytes): Promise<Buffer> {
  const check = marker.read();
  const stored = await store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT);
  if (check !== null) {
    if (stored === null) throw new KeyringUnavailableError(store.keyringName, KeyringProblem.lockedOrMissing);
    const key = decodeKey(stored, store.keyringName);
    if (!checkMatches(key, check)) {
      throw new VaultKeyMismatchError(`the vault key in the ${store.keyringName} is not the one this vault was created with`
        + ' (it was replaced); restore the accounts from a backup');
    }
    return key;
  }
  let key = stored === null ? null : decodeKey(stored, store.keyringName);
  if (key === null) {
    const created = random(VAULT_KEY_BYTES).toString('base64');
    await store.set(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT, created);
    const readBack = await store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT);
    if (readBack === null) throw new KeyringUnavailableError(store.keyringName, KeyringProblem.lockedOrMissing, 'the new vault key could not be read back');
    key = decodeKey(readBack, store.keyringName);
  }
  marker.write(vaultKeyCheck(key));
  return key;
}
