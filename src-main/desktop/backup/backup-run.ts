import { KeyringUnavailableError, VAULT_KEY_SERVICE, type SecretStore } from '../../vault';
import type { VaultHolder } from '../vault-holder';
import { backupFileName, pruneBackups, writeBackupAtomically } from './backup-file';
import { BackupSetupError } from './backup-failure';

/** The backup password's keychain item: service "Tessera" (as the vault key), this account. */
export const BACKUP_PASSWORD_ACCOUNT = 'backup-password';

export interface BackupTarget {
  folder: string;
  keep: number;
}

export interface BackupRunDeps {
  secretStore: SecretStore;
  vault: VaultHolder;
}

/**
 * One automatic backup: the same encrypted file as "Export encrypted backup" (so Import reads it),
 * written atomically, then the oldest beyond `keep` deleted, only once the new one is safely in place.
 * Null when the vault has no accounts: an empty backup protects nothing, and would push a real one
 * out of the folder when the last account was removed by mistake.
 */
export async function writeAutomaticBackup(deps: BackupRunDeps, target: BackupTarget, atMs: number): Promise<string | null> {
  const password = await deps.secretStore.get(VAULT_KEY_SERVICE, BACKUP_PASSWORD_ACCOUNT).catch((error: unknown) => {
    if (!(error instanceof KeyringUnavailableError)) throw error;
    throw new BackupSetupError(`The backup password could not be read: the ${deps.secretStore.keyringName} is locked or unavailable. Unlock it and the backup runs again.`);
  });
  if (password === null) {
    throw new BackupSetupError(`The backup password is no longer in the ${deps.secretStore.keyringName}: set the backup password again.`);
  }
  const vault = await deps.vault.get();
  if (vault.list().length === 0) return null;
  const name = backupFileName(atMs);
  await writeBackupAtomically(target.folder, name, await vault.exportEncrypted(password, atMs));
  // The new backup is in place: a failure to delete old ones costs disk space, not a backup.
  await pruneBackups(target.folder, target.keep).catch((error: unknown) => console.warn('[backup] old backups not deleted', error));
  return name;
}
