import { describe, expect, it } from 'vitest';
import { backupReminder, DAY_MS, type ReminderFacts } from '../../../../src-main/desktop/backup/backup-reminder';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const daysAgo = (days: number) => NOW - days * DAY_MS;
const facts = (patch: Partial<ReminderFacts>): ReminderFacts => ({ nowMs: NOW, accountsAddedAtMs: [daysAgo(100)], lastBackupAtMs: null, snoozedUntilMs: null, ...patch });

describe('the backup reminder', () => {
  it.each<[string, Partial<ReminderFacts>, ReturnType<typeof backupReminder>]>([
    ['no accounts: nothing to lose', { accountsAddedAtMs: [] }, { show: false }],
    ['never backed up, oldest account 100 days old', {}, { show: true, days: 100, neverBackedUp: true }],
    ['never backed up, oldest account 29 days old', { accountsAddedAtMs: [daysAgo(29), daysAgo(2)] }, { show: false }],
    ['never backed up, oldest account exactly 30 days old', { accountsAddedAtMs: [daysAgo(1), daysAgo(30)] }, { show: true, days: 30, neverBackedUp: true }],
    ['backed up 29 days and 23 hours ago', { lastBackupAtMs: NOW - 30 * DAY_MS + 3_600_000 }, { show: false }],
    ['backed up 31 days ago', { lastBackupAtMs: daysAgo(31) }, { show: true, days: 31, neverBackedUp: false }],
    ['backed up 31 days ago, an account added yesterday does not restart the count', { lastBackupAtMs: daysAgo(31), accountsAddedAtMs: [daysAgo(100), daysAgo(1)] }, { show: true, days: 31, neverBackedUp: false }],
    ['backed up 90 days ago, before every account now here (added 10 days ago)', { lastBackupAtMs: daysAgo(90), accountsAddedAtMs: [daysAgo(10)] }, { show: false }],
    ['backed up 90 days ago, every account added 40 days ago', { lastBackupAtMs: daysAgo(90), accountsAddedAtMs: [daysAgo(40)] }, { show: true, days: 40, neverBackedUp: false }],
    ['snoozed until tomorrow', { lastBackupAtMs: daysAgo(31), snoozedUntilMs: NOW + DAY_MS }, { show: false }],
    ['snooze over', { lastBackupAtMs: daysAgo(40), snoozedUntilMs: NOW }, { show: true, days: 40, neverBackedUp: false }],
  ])('%s', (_name, patch, expected) => {
    expect(backupReminder(facts(patch))).toEqual(expected);
  });
});
