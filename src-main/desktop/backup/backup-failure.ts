import { VaultError } from '../../vault';

/** A reason a backup could not run that the user can act on; its message is shown as it is. */
export class BackupSetupError extends Error {
  override readonly name = 'BackupSetupError';
}

/** What each file-system error means for a backup folder, in words a user can act on. */
const FOLDER_ERRORS: Record<string, (folder: string) => string> = {
  ENOENT: (folder) => `The backup folder ${folder} does not exist (any more). Reconnect its drive, or choose another folder.`,
  ENOTDIR: (folder) => `${folder} is not a folder. Choose a folder for the backups.`,
  EACCES: (folder) => `Tessera may not write to the backup folder ${folder}. Change its permissions, or choose another folder.`,
  EPERM: (folder) => `Tessera may not write to the backup folder ${folder}. Change its permissions, or choose another folder.`,
  EROFS: (folder) => `The backup folder ${folder} is on a read-only drive. Choose another folder.`,
  ENOSPC: (folder) => `The drive of the backup folder ${folder} is full. Free some space, or choose another folder.`,
  EDQUOT: (folder) => `Your disk quota on the drive of ${folder} is used up. Free some space, or choose another folder.`,
};

/**
 * A failed backup in words, for Settings. Anything unexpected is logged here in full and shown
 * generically: the message may reach the page, so it never carries more than the folder's path.
 */
export function describeBackupFailure(error: unknown, folder: string): string {
  if (error instanceof BackupSetupError) return error.message;
  // A locked keyring (KeyringUnavailableError) among them: its message names the keyring.
  if (error instanceof VaultError) return `The accounts could not be read: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words = code === undefined ? undefined : FOLDER_ERRORS[code];
  if (words) return words(folder);
  console.error('[backup] unexpected failure', error);
  return `The backup could not be written to ${folder}${code ? ` (${code})` : ''}. See the app log.`;
}
