import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_STATE_FILE, DEFAULT_BACKUP_STATE, readBackupState, saveBackupState } from '../../../../src-main/desktop/backup/backup-state';
import { tempDir } from './backup-fixture';

describe('the backup state file', () => {
  it('reads back what was saved', async () => {
    const dir = tempDir('tessera-backup-state-');
    const state = { ...DEFAULT_BACKUP_STATE, enabled: true, folder: '/media/usb', keep: 3, passwordSet: true, lastSuccess: { atMs: 5, file: 'a.json' }, snoozedUntilMs: 9 };
    await saveBackupState(dir, state);
    expect(await readBackupState(dir)).toEqual(state);
  });

  it('falls back to defaults key by key for a damaged or foreign file', async () => {
    const dir = tempDir('tessera-backup-state-');
    expect(await readBackupState(dir)).toEqual(DEFAULT_BACKUP_STATE);
    writeFileSync(join(dir, BACKUP_STATE_FILE), '{ not json');
    expect(await readBackupState(dir)).toEqual(DEFAULT_BACKUP_STATE);
    writeFileSync(join(dir, BACKUP_STATE_FILE), JSON.stringify({
      enabled: 'yes', folder: '', keep: 1000, passwordSet: true, lastSuccess: { atMs: -1, file: 'x' }, failure: { atMs: 1, message: 'gone' }, lastExportAtMs: 1.5, password: 'never read',
    }));
    expect(await readBackupState(dir)).toEqual({ ...DEFAULT_BACKUP_STATE, passwordSet: true, failure: { atMs: 1, message: 'gone' } });
  });
});
