import { join } from 'node:path';
import { readJson, writePrivateText } from '../private-json';

export const BACKUP_STATE_FILE = 'auto-backup-state.json';
/** How many automatic backups are kept: Aegis's default of 10; at least one, and a bound so a folder is never flooded. */
export const BACKUP_KEEP = { min: 1, max: 100, default: 10 } as const;

/** Automatic backups' settings and history, in the data folder. No password: that is in the keychain only. */
export interface BackupState {
  enabled: boolean;
  folder: string | null;
  keep: number;
  /** Whether a password was stored in the keychain (the keychain is asked only when a backup runs). */
  passwordSet: boolean;
  lastSuccess: { atMs: number; file: string } | null;
  /** The last attempt's failure, in words; cleared by the next success. */
  failure: { atMs: number; message: string } | null;
  /** The last manual export (encrypted or plain) the user saved: it counts as a backup for the reminder. */
  lastExportAtMs: number | null;
  snoozedUntilMs: number | null;
  /** A vault change no backup holds yet: kept on disk so a quit within the delay still backs it up at the next start. */
  pendingSinceMs: number | null;
}

export const DEFAULT_BACKUP_STATE: BackupState = {
  enabled: false, folder: null, keep: BACKUP_KEEP.default, passwordSet: false,
  lastSuccess: null, failure: null, lastExportAtMs: null, snoozedUntilMs: null, pendingSinceMs: null,
};

const isTime = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const FIELD_CHECKS: { [K in keyof BackupState]: (value: unknown) => boolean } = {
  enabled: (value) => typeof value === 'boolean',
  folder: (value) => value === null || isText(value),
  keep: (value) => Number.isInteger(value) && (value as number) >= BACKUP_KEEP.min && (value as number) <= BACKUP_KEEP.max,
  passwordSet: (value) => typeof value === 'boolean',
  lastSuccess: (value) => value === null || (isRecord(value) && isTime(value.atMs) && isText(value.file)),
  failure: (value) => value === null || (isRecord(value) && isTime(value.atMs) && isText(value.message)),
  lastExportAtMs: (value) => value === null || isTime(value),
  snoozedUntilMs: (value) => value === null || isTime(value),
  pendingSinceMs: (value) => value === null || isTime(value),
};

/** The saved state; a damaged or foreign file falls back to defaults key by key, as settings.json does. */
export async function readBackupState(dataDir: string): Promise<BackupState> {
  const raw = await readJson(join(dataDir, BACKUP_STATE_FILE));
  const state: BackupState = { ...DEFAULT_BACKUP_STATE };
  if (!isRecord(raw)) return state;
  for (const key of Object.keys(FIELD_CHECKS) as (keyof BackupState)[]) {
    if (FIELD_CHECKS[key](raw[key])) Object.assign(state, { [key]: raw[key] });
  }
  return state;
}

export function saveBackupState(dataDir: string, state: BackupState): Promise<void> {
  return writePrivateText(join(dataDir, BACKUP_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}
