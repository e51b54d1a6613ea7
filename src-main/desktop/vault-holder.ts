import { join } from 'node:path';
import type { VaultStatus } from '../ipc/contract';
import { KeyringUnavailableError, openVault, type ScryptCost, type SecretStore, type Vault } from '../vault';
import type { LockService } from './lock-service';

export const VAULT_DIR = 'vault';

export interface VaultHolder {
  /** The open vault; opens it on first use and again after a keyring failure (the user may have unlocked it). */
  get(): Promise<Vault>;
  status(): Promise<VaultStatus>;
  close(): void;
}

export function createVaultHolder(options: { dataDir: string; secretStore: SecretStore; clock: { now(): number }; lock: LockService; backupCost?: ScryptCost }): VaultHolder {
  let opening: Promise<Vault> | undefined;

  function get(): Promise<Vault> {
    opening ??= openVault({ dataDir: join(options.dataDir, VAULT_DIR), secretStore: options.secretStore, clock: options.clock, backupCost: options.backupCost });
    // A failed open is not cached: the next call asks the keychain again.
    return opening.catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
  }

  return {
    get,
    async status() {
      if (options.lock.isLocked()) return { state: 'locked', passcodeSet: true };
      try {
        const vault = await get();
        return { state: 'ready', accounts: vault.list().length, passcodeSet: options.lock.passcodeSet() };
      } catch (error) {
        if (error instanceof KeyringUnavailableError) return { state: 'keyring_unavailable', keyring: error.keyring, message: error.message };
        throw error;
      }
    },
    close() {
      void opening?.then((vault) => vault.close(), () => undefined);
      opening = undefined;
    },
  };
}
