import type { AutoBackupStatus } from '../../ipc/contract';
import { BACKUP_KEEP, type BackupState } from './backup-state';

const iso = (ms: number) => new Date(ms).toISOString();

function missingSetup(state: BackupState): string | null {
  if (state.folder === null && !state.passwordSet) return 'Choose a folder and set a backup password.';
  if (state.folder === null) return 'Choose a folder for the backups.';
  if (!state.passwordSet) return 'Set a backup password.';
  return null;
}

/** The page's view of automatic backups: everything but the password, which it learns only exists. */
export function toAutoBackupStatus(state: BackupState): AutoBackupStatus {
  return {
    enabled: state.enabled,
    folder: state.folder,
    keep: state.keep,
    keepLimits: { min: BACKUP_KEEP.min, max: BACKUP_KEEP.max },
    passwordSet: state.passwordSet,
    lastSuccess: state.lastSuccess && { at: iso(state.lastSuccess.atMs), file: state.lastSuccess.file },
    failure: state.failure && { at: iso(state.failure.atMs), message: state.failure.message },
    lastExportAt: state.lastExportAtMs === null ? null : iso(state.lastExportAtMs),
    missing: missingSetup(state),
  };
}
