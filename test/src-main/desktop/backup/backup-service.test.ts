import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFileName } from '../../../../src-main/desktop/backup/backup-file';
import { BACKUP_DELAY_MS } from '../../../../src-main/desktop/backup/backup-scheduler';
import { oathtool } from '../../../helpers/server';
import { pollUntil } from '../../../helpers/manual-timers';
import { filesUnder, valueOf } from '../desktop-fixture';
import { freshVault, NOW_MS, PASSWORD, SECRET, SHA256_SECRET, SHA256_URI, setUpBackups, startBackupDesktop, URI } from './backup-fixture';

const DAY_MS = 86_400_000;
const NOT_SET_UP = {
  enabled: false, folder: null, keep: 10, keepLimits: { min: 1, max: 100 }, passwordSet: false,
  lastSuccess: null, failure: null, lastExportAt: null, missing: 'Choose a folder and set a backup password.',
};

describe('automatic backups', () => {
  it('back up once after a burst of changes; the file imports into a fresh vault with the same codes as oathtool', async () => {
    const fixture = await startBackupDesktop();
    const { handlers, backups } = fixture.desktop;
    expect(valueOf(await handlers['backup:status']())).toEqual(NOT_SET_UP);
    expect(await handlers['backup:setPassword']('seven77')).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'The backup password needs at least 8 characters' } });
    await setUpBackups(fixture);
    // With no accounts there is nothing to protect: no file.
    expect(fixture.backups()).toEqual([]);
    expect(await fixture.secretStore.get('Tessera', 'backup-password')).toBe(PASSWORD);

    valueOf(await handlers['vault:addUri'](URI));
    fixture.timers.advance(BACKUP_DELAY_MS / 2);
    valueOf(await handlers['vault:addUri'](SHA256_URI));
    fixture.timers.advance(BACKUP_DELAY_MS - 1);
    expect(fixture.backups()).toEqual([]);
    fixture.timers.advance(1);
    const name = backupFileName(NOW_MS + 1.5 * BACKUP_DELAY_MS);
    await pollUntil(() => backups.status().lastSuccess !== null, 'the backup');
    expect(fixture.backups()).toEqual([name]);
    expect(valueOf(await handlers['backup:status']())).toEqual({
      ...NOT_SET_UP, enabled: true, folder: fixture.folder, passwordSet: true, missing: null,
      lastSuccess: { at: new Date(NOW_MS + 1.5 * BACKUP_DELAY_MS).toISOString(), file: name },
    });
    const path = join(fixture.folder, name);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(fixture.adapters.notifications).toEqual([]);

    const restored = await freshVault(fixture.clock);
    fixture.clock.advance(DAY_MS);
    const report = await restored.importText(readFileSync(path, 'utf8'), { nowMs: fixture.clock.now(), password: PASSWORD });
    expect(report).toMatchObject({ source: 'Tessera backup', skipped: 0 });
    expect(restored.list().map((account) => account.issuer)).toEqual(['Example', 'Bank']);
    expect(restored.codes(fixture.clock.now()).map((view) => view.code)).toEqual([
      oathtool(SECRET, fixture.clock.now()),
      oathtool(SHA256_SECRET, fixture.clock.now(), { algorithm: 'SHA256', digits: 8, period: 60 }),
    ]);
    // The password is in the keychain only: not in the data folder, the backups or anything the page was told.
    for (const file of [...filesUnder(fixture.dataDir), ...filesUnder(fixture.folder)]) expect(file).not.toContain(PASSWORD);
    expect(JSON.stringify(valueOf(await handlers['backup:status']()))).not.toContain(PASSWORD);
  });

  it('keep the newest N and never delete other files', async () => {
    const fixture = await startBackupDesktop();
    const { handlers } = fixture.desktop;
    for (const other of ['notes.txt', 'tessera-backup.json']) writeFileSync(join(fixture.folder, other), other);
    valueOf(await handlers['vault:addUri'](URI));
    await setUpBackups(fixture);
    valueOf(await handlers['backup:update']({ keep: 2 }));
    const names = [backupFileName(fixture.clock.now())];
    for (const step of [1, 2]) {
      fixture.clock.advance(1_000);
      names.push(backupFileName(fixture.clock.now()));
      expect(valueOf(await handlers['backup:runNow']()).lastSuccess?.file).toBe(names[step]);
    }
    expect(fixture.backups()).toEqual(names.slice(1));
    expect(filesUnder(fixture.folder)).toHaveLength(4);
    expect(await handlers['backup:update']({ keep: 0 })).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Keep between 1 and 100 backups' } });
  });
});
