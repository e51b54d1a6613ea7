import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupSetupError, describeBackupFailure } from '../../../../src-main/desktop/backup/backup-failure';
import { backupFileName } from '../../../../src-main/desktop/backup/backup-file';
import { KeyringProblem, KeyringUnavailableError } from '../../../../src-main/vault';
import { valueOf } from '../desktop-fixture';
import { NOW_MS, setUpBackups, startBackupDesktop, URI } from './backup-fixture';

// The console.error spies: files share a worker (and its console) in the main project.
afterEach(() => void vi.restoreAllMocks());

const errno = (code: string) => Object.assign(new Error(`${code}: raw detail /etc/shadow`), { code });
const F = '/media/usb/backups';

describe('a failed backup in words', () => {
  it.each([
    [errno('ENOENT'), `The backup folder ${F} does not exist (any more). Reconnect its drive, or choose another folder.`],
    [errno('ENOTDIR'), `${F} is not a folder. Choose a folder for the backups.`],
    [errno('EACCES'), `Tessera may not write to the backup folder ${F}. Change its permissions, or choose another folder.`],
    [errno('EPERM'), `Tessera may not write to the backup folder ${F}. Change its permissions, or choose another folder.`],
    [errno('EROFS'), `The backup folder ${F} is on a read-only drive. Choose another folder.`],
    [errno('ENOSPC'), `The drive of the backup folder ${F} is full. Free some space, or choose another folder.`],
    [new BackupSetupError('Set a backup password.'), 'Set a backup password.'],
    [new KeyringUnavailableError('Secret Service keyring (login)', KeyringProblem.lockedOrMissing), 'The accounts could not be read: The Secret Service keyring (login) is locked or unavailable: unlock it and retry'],
  ])('%s', (error, words) => expect(describeBackupFailure(error, F)).toBe(words));

  it('logs anything unexpected and shows only its code, never its detail', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(describeBackupFailure(errno('EIO'), F)).toBe(`The backup could not be written to ${F} (EIO). See the app log.`);
    expect(describeBackupFailure(new TypeError('x is undefined'), F)).toBe(`The backup could not be written to ${F}. See the app log.`);
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
  });
});

describe('failing automatic backups', () => {
  it('show why and when the last good one was, notify once, and never break the vault', async () => {
    const fixture = await startBackupDesktop();
    const { handlers } = fixture.desktop;
    valueOf(await handlers['vault:addUri'](URI));
    await setUpBackups(fixture);
    const good = { at: new Date(NOW_MS).toISOString(), file: backupFileName(NOW_MS) };
    expect(valueOf(await handlers['backup:status']()).lastSuccess).toEqual(good);

    rmSync(fixture.folder, { recursive: true });
    fixture.clock.advance(60_000);
    const gone = valueOf(await handlers['backup:runNow']());
    expect(gone).toMatchObject({
      lastSuccess: good,
      failure: { at: new Date(NOW_MS + 60_000).toISOString(), message: `The backup folder ${fixture.folder} does not exist (any more). Reconnect its drive, or choose another folder.` },
    });
    expect(fixture.adapters.notifications).toEqual([{ title: 'Automatic backup failed', body: gone.failure!.message }]);

    // The vault goes on working, and its changes still schedule backups.
    valueOf(await handlers['vault:addUri']('otpauth://totp/Other:bo?secret=GEZDGNBVGY3TQOJQ&issuer=Other'));
    expect(valueOf(await handlers['vault:list']())).toHaveLength(2);
    fixture.secretStore.locked = true;
    fixture.clock.advance(60_000);
    expect(valueOf(await handlers['backup:runNow']()).failure).toEqual({
      at: new Date(NOW_MS + 120_000).toISOString(),
      message: 'The backup password could not be read: the test keyring is locked or unavailable. Unlock it and the backup runs again.',
    });
    expect(fixture.adapters.notifications).toHaveLength(1);

    fixture.secretStore.locked = false;
    await fixture.secretStore.delete('Tessera', 'backup-password');
    fixture.clock.advance(60_000);
    expect(valueOf(await handlers['backup:runNow']()).failure).toEqual({
      at: new Date(NOW_MS + 180_000).toISOString(),
      message: 'The backup password is no longer in the test keyring: set the backup password again.',
    });
    valueOf(await handlers['backup:setPassword']('correct horse battery staple'));

    fixture.secretStore.locked = false;
    fixture.adapters.folderPath = join(fixture.folder, '..', 'nowhere-at-all');
    expect(await handlers['backup:chooseFolder']()).toMatchObject({ ok: false, error: { kind: 'invalid_input', message: expect.stringContaining('does not exist') } });
    const file = join(fixture.dataDir, 'not-a-folder');
    writeFileSync(file, 'x');
    fixture.adapters.folderPath = file;
    expect(await handlers['backup:chooseFolder']()).toEqual({ ok: false, error: { kind: 'invalid_input', message: `${file} is not a folder. Choose a folder for the backups.` } });

    fixture.adapters.folderPath = fixture.dataDir;
    const recovered = valueOf(await handlers['backup:chooseFolder']());
    expect(recovered).toMatchObject({ folder: fixture.dataDir, failure: null, lastSuccess: { file: backupFileName(NOW_MS + 180_000) } });
  });

  it('refuse to run by hand before a folder and a password are set', async () => {
    const fixture = await startBackupDesktop();
    valueOf(await fixture.desktop.handlers['vault:addUri'](URI));
    expect(await fixture.desktop.handlers['backup:runNow']()).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Choose a folder and set a backup password.' } });
  });
});
