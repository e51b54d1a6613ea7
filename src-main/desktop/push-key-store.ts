import type { JWK } from 'jose';
import { KeyringProblem, KeyringUnavailableError, type SecretStore } from '../vault';
import type { KeyStore } from '../push-device';

/** Keychain service of the device private keys; the account is the enrollment id. */
export const PUSH_KEY_SERVICE = 'Tessera Push';

/** Device private keys in the OS keychain, one item per enrollment (secrets have one home). */
export function createKeychainKeyStore(secrets: SecretStore): KeyStore {
  return {
    async save(enrollmentId, privateJwk) {
      await secrets.set(PUSH_KEY_SERVICE, enrollmentId, JSON.stringify(privateJwk));
    },
    async load(enrollmentId) {
      const stored = await secrets.get(PUSH_KEY_SERVICE, enrollmentId);
      // The metadata says the key exists, so a missing item is an error naming the keyring (locked ones throw).
      if (stored === null) throw new KeyringUnavailableError(secrets.keyringName, KeyringProblem.lockedOrMissing, `no key for ${enrollmentId}`);
      return JSON.parse(stored) as JWK;
    },
    async remove(enrollmentId) {
      await secrets.delete(PUSH_KEY_SERVICE, enrollmentId);
    },
  };
}
