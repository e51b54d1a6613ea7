export const DAY_MS = 86_400_000;
/** No backup for this long, with accounts to lose: the accounts screen says so. */
export const REMINDER_AFTER_DAYS = 30;
/** "Dismiss" hides the reminder for this long; it comes back while there is still no backup. */
export const REMINDER_SNOOZE_DAYS = 7;

import type { BackupReminder } from '../../ipc/contract';

export interface ReminderFacts {
  nowMs: number;
  /** When each account now in the vault was added (trashed ones are not at risk of being lost unbacked). */
  accountsAddedAtMs: number[];
  /** The newest backup of any kind: automatic, or an encrypted or plain export the user saved. */
  lastBackupAtMs: number | null;
  snoozedUntilMs: number | null;
}

/**
 * Days are counted from the newest backup, or from when the oldest account now in the vault was added
 * if that is later (no backup ever, or none since those accounts came): not from when the vault was
 * created, since an empty vault has nothing to lose and an account added today has been at risk for a
 * day. An account added after the last backup does not restart the count: the backup's age is what
 * the user must know.
 */
export function backupReminder(facts: ReminderFacts): BackupReminder {
  if (facts.accountsAddedAtMs.length === 0) return { show: false };
  if (facts.snoozedUntilMs !== null && facts.nowMs < facts.snoozedUntilMs) return { show: false };
  const since = Math.max(facts.lastBackupAtMs ?? 0, Math.min(...facts.accountsAddedAtMs));
  const days = Math.floor((facts.nowMs - since) / DAY_MS);
  if (days < REMINDER_AFTER_DAYS) return { show: false };
  return { show: true, days, neverBackedUp: facts.lastBackupAtMs === null };
}
