// Automatic encrypted backups to a folder, and the reminder when none ran for long. The backup
// password goes page → main once, into the keychain; the page learns only that one is set.
import type { IpcOutcome } from './common';

export interface AutoBackupStatus {
  enabled: boolean;
  /** The folder chosen in main's folder dialog; null until one is chosen. */
  folder: string | null;
  /** How many automatic backups are kept in the folder (older ones are deleted). */
  keep: number;
  keepLimits: { min: number; max: number };
  passwordSet: boolean;
  /** The newest automatic backup written (ISO 8601) and its file name. */
  lastSuccess: { at: string; file: string } | null;
  /** Why the last attempt failed, in words; null when it succeeded (or none ran yet). */
  failure: { at: string; message: string } | null;
  /** The newest encrypted or plain export saved by hand (ISO 8601). */
  lastExportAt: string | null;
  /** What is missing before backups can run, in words; null when they can. */
  missing: string | null;
}

export type BackupReminder = { show: false } | { show: true; days: number; neverBackedUp: boolean };

export interface AutoBackupPatch {
  enabled?: boolean;
  keep?: number;
}

export interface BackupChannels {
  'backup:status': { args: []; result: IpcOutcome<AutoBackupStatus> };
  'backup:update': { args: [patch: AutoBackupPatch]; result: IpcOutcome<AutoBackupStatus> };
  /** Opens the OS folder dialog in main; the status unchanged when the user cancelled. */
  'backup:chooseFolder': { args: []; result: IpcOutcome<AutoBackupStatus> };
  /** Stores the backup password in the OS keychain; it is never sent back. */
  'backup:setPassword': { args: [password: string]; result: IpcOutcome<AutoBackupStatus> };
  /** Writes a backup now; a failure is in the status answered, as for one run on its own. */
  'backup:runNow': { args: []; result: IpcOutcome<AutoBackupStatus> };
  'backup:reminder': { args: []; result: IpcOutcome<BackupReminder> };
  /** Hides the reminder for 7 days. */
  'backup:snoozeReminder': { args: []; result: IpcOutcome<null> };
}

export const backupMethods = {
  autoBackupStatus: 'backup:status',
  updateAutoBackup: 'backup:update',
  chooseBackupFolder: 'backup:chooseFolder',
  setBackupPassword: 'backup:setPassword',
  runBackupNow: 'backup:runNow',
  backupReminder: 'backup:reminder',
  snoozeBackupReminder: 'backup:snoozeReminder',
} as const satisfies Record<string, keyof BackupChannels>;
