import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseDataKey } from '../../server/crypto/data-key.js';
import { KeyringProblem, KeyringUnavailableError, type SecretStore } from '../vault';

export const SERVER_KEY_SERVICE = 'Tessera Server';
export const SERVER_KEY_ACCOUNT = 'data-key';

/**
 * The embedded server's data key, from the keychain (the standalone server keeps it in a 0600 file).
 * Created on first start only: when the database already exists, a missing key means the item was
 * deleted (a locked keyring throws), and a new key would make every stored secret unreadable.
 */
export async function obtainServerDataKey(secrets: SecretStore, databaseFile: string): Promise<Buffer> {
  const stored = await secrets.get(SERVER_KEY_SERVICE, SERVER_KEY_ACCOUNT);
  if (stored !== null) return parseDataKey(stored);
  if (existsSync(databaseFile)) {
    throw new KeyringUnavailableError(secrets.keyringName, KeyringProblem.lockedOrMissing, 'the server data key is missing');
  }
  const created = randomBytes(32).toString('base64url');
  await secrets.set(SERVER_KEY_SERVICE, SERVER_KEY_ACCOUNT, created);
  return parseDataKey(created);
}
