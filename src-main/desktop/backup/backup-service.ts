import type { AutoBackupPatch, AutoBackupStatus, BackupReminder } from '../../ipc/contract';
import { MIN_BACKUP_PASSWORD_LENGTH, VAULT_KEY_SERVICE, type SecretStore } from '../../vault';
import type { IdleTimers } from '../lock-service';
import { InputError } from '../outcome';
import type { VaultHolder } from '../vault-holder';
import { describeBackupFailure } from './backup-failure';
import { checkBackupFolder } from './backup-folder';
import { backupReminder, DAY_MS, REMINDER_SNOOZE_DAYS } from './backup-reminder';
import { BACKUP_PASSWORD_ACCOUNT, writeAutomaticBackup } from './backup-run';
import { createBackupScheduler } from './backup-scheduler';
import { BACKUP_KEEP, readBackupState, saveBackupState, type BackupState } from './backup-state';
import { toAutoBackupStatus } from './backup-status';

/** While the app stays open, how often it checks that the newest backup is not older than a day. */
const STALE_CHECK_MS = 6 * 60 * 60 * 1000;

export interface BackupServiceDeps {
  dataDir: string;
  secretStore: SecretStore;
  vault: VaultHolder;
  clock: { now(): number };
  timers: IdleTimers;
  /** The OS folder dialog; null when the user cancelled. */
  chooseFolder(): Promise<string | null>;
  notify(title: string, body: string): void;
  /** Status or reminder changed (the page asks again). */
  onChange(): void;
}

export type BackupService = Awaited<ReturnType<typeof createBackupService>>;

/** Automatic backups: settings and history (auto-backup-state.json), the password (keychain), the runs (scheduler). */
export async function createBackupService(deps: BackupServiceDeps) {
  const { clock } = deps;
  const state = await readBackupState(deps.dataDir);
  let saving = Promise.resolve();
  // Counts vault changes, so a change made while a backup runs keeps the backup "pending".
  let changes = 0;

  function save(patch: Partial<BackupState>): Promise<void> {
    Object.assign(state, patch);
    const snapshot = structuredClone(state);
    // One write at a time, in order: the file always ends as the latest state.
    saving = saving.then(() => saveBackupState(deps.dataDir, snapshot));
    return saving;
  }

  const configured = () => state.folder !== null && state.passwordSet;
  const ready = () => state.enabled && configured();

  async function run(): Promise<void> {
    if (!ready()) return;
    const atMs = clock.now();
    const seen = changes;
    const folder = state.folder!;
    try {
      const file = await writeAutomaticBackup(deps, { folder, keep: state.keep }, atMs);
      const pending = seen === changes ? null : state.pendingSinceMs;
      await save(file === null ? { pendingSinceMs: pending, failure: null } : { lastSuccess: { atMs, file }, failure: null, pendingSinceMs: pending });
    } catch (error) {
      const message = describeBackupFailure(error, folder);
      // Told once when backups start failing, not at every change while they still fail.
      if (state.failure === null) deps.notify('Automatic backup failed', message);
      await save({ failure: { atMs, message } });
    }
    deps.onChange();
  }

  const scheduler = createBackupScheduler(run, deps.timers);
  const isStale = () => state.pendingSinceMs !== null || state.lastSuccess === null || clock.now() - state.lastSuccess.atMs > DAY_MS;
  function checkStale(): void {
    if (ready() && isStale()) scheduler.changed();
    staleTimer = deps.timers.setTimeout(() => {
      checkStale();
      // The reminder depends on the date: an app left open past the 30th day shows it without a restart.
      deps.onChange();
    }, STALE_CHECK_MS);
  }
  // At start: a change not backed up before the last quit, or a backup older than a day.
  let staleTimer: unknown;
  checkStale();

  const status = (): AutoBackupStatus => toAutoBackupStatus(state);
  /** Once backups are on with a folder and a password, the first one is written at once, as Aegis does. */
  async function afterSetup(): Promise<AutoBackupStatus> {
    if (ready()) await scheduler.runNow();
    deps.onChange();
    return status();
  }

  return {
    status,
    async update(patch: AutoBackupPatch): Promise<AutoBackupStatus> {
      // The channel's validator checks this too; the file and the CLI must not get around it.
      if (patch.keep !== undefined && !(Number.isInteger(patch.keep) && patch.keep >= BACKUP_KEEP.min && patch.keep <= BACKUP_KEEP.max)) {
        throw new InputError(`Keep between ${BACKUP_KEEP.min} and ${BACKUP_KEEP.max} backups`);
      }
      const enabling = patch.enabled === true && !state.enabled;
      await save({ ...patch, ...(patch.enabled === false ? { failure: null } : {}) });
      return enabling ? afterSetup() : (deps.onChange(), status());
    },
    async chooseFolder(): Promise<AutoBackupStatus> {
      const folder = await deps.chooseFolder();
      if (folder === null) return status();
      await checkBackupFolder(folder);
      await save({ folder, failure: null });
      return afterSetup();
    },
    async setPassword(password: string): Promise<AutoBackupStatus> {
      if (password.length < MIN_BACKUP_PASSWORD_LENGTH) throw new InputError(`The backup password needs at least ${MIN_BACKUP_PASSWORD_LENGTH} characters`);
      await deps.secretStore.set(VAULT_KEY_SERVICE, BACKUP_PASSWORD_ACCOUNT, password);
      await save({ passwordSet: true });
      // The newest backup then opens with the new password (older ones keep the one they were made with).
      return afterSetup();
    },
    async runNow(): Promise<AutoBackupStatus> {
      if (!configured()) throw new InputError(status().missing ?? 'Automatic backups are not set up');
      await scheduler.runNow();
      return status();
    },
    /** The vault changed: a backup follows after the quiet delay. */
    vaultChanged(): void {
      if (!state.enabled) return;
      changes += 1;
      if (state.pendingSinceMs === null) void save({ pendingSinceMs: clock.now() });
      scheduler.changed();
    },
    /** A manual export was saved: it counts as a backup for the reminder. */
    async exported(): Promise<void> {
      // The export itself is saved: a failure to note it must not report the export as failed.
      await save({ lastExportAtMs: clock.now() }).catch((error: unknown) => console.warn('[backup] export not recorded', error));
      deps.onChange();
    },
    async reminder(): Promise<BackupReminder> {
      const vault = await deps.vault.get();
      const lastBackupAtMs = Math.max(state.lastSuccess?.atMs ?? 0, state.lastExportAtMs ?? 0) || null;
      const accountsAddedAtMs = vault.list().map((account) => Date.parse(account.createdAt));
      return backupReminder({ nowMs: clock.now(), accountsAddedAtMs, lastBackupAtMs, snoozedUntilMs: state.snoozedUntilMs });
    },
    async snoozeReminder(): Promise<void> {
      await save({ snoozedUntilMs: clock.now() + REMINDER_SNOOZE_DAYS * DAY_MS });
      deps.onChange();
    },
    /** Waits for a running backup, and runs one a change still waits for, so a quit loses none. */
    async close(): Promise<void> {
      deps.timers.clearTimeout(staleTimer);
      if (scheduler.pending()) await scheduler.flush();
      await scheduler.close();
      await saving;
    },
  };
}
