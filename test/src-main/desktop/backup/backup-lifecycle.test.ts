import { describe, expect, it } from 'vitest';
import { backupFileName } from '../../../../src-main/desktop/backup/backup-file';
import { BACKUP_DELAY_MS } from '../../../../src-main/desktop/backup/backup-scheduler';
import { channelValidators } from '../../../../src-main/ipc/validators';
import { fixedClock } from '../../../helpers/clock';
import { pollUntil } from '../../../helpers/manual-timers';
import { virtualTimers } from '../../../helpers/virtual-timers';
import { startDesktop, valueOf } from '../desktop-fixture';
import { NOW_MS, setUpBackups, startBackupDesktop, tempDir, URI } from './backup-fixture';

const DAY_MS = 86_400_000;

describe('automatic backups across starts and quits', () => {
  it('a change still waiting at quit is backed up then; a start more than a day after the last backup makes one', async () => {
    const fixture = await startBackupDesktop();
    valueOf(await fixture.desktop.handlers['vault:addUri'](URI));
    await setUpBackups(fixture);
    expect(fixture.backups()).toEqual([backupFileName(NOW_MS)]);

    fixture.clock.advance(5_000);
    valueOf(await fixture.desktop.handlers['vault:update'](valueOf(await fixture.desktop.handlers['vault:list']())[0]!.id, { label: 'ada.lovelace' }));
    await fixture.desktop.close();
    expect(fixture.backups()).toEqual([backupFileName(NOW_MS), backupFileName(NOW_MS + 5_000)]);

    // The same data folder and keychain, started again 25 hours later.
    const clock = fixedClock(NOW_MS + 25 * 3_600_000);
    const timers = virtualTimers(clock);
    const again = await startDesktop({ dataDir: fixture.dataDir, secretStore: fixture.secretStore, clock, backupTimers: timers });
    expect(timers.armedMs()).toEqual([BACKUP_DELAY_MS, 6 * 3_600_000]);
    timers.advance(BACKUP_DELAY_MS);
    const name = backupFileName(clock.now());
    await pollUntil(() => again.desktop.backups.status().lastSuccess?.file === name, 'the backup at start');
    expect(fixture.backups()).toHaveLength(3);
  });

  it('a start within a day of the last backup, with nothing pending, writes none until that backup is a day old', async () => {
    const fixture = await startBackupDesktop();
    valueOf(await fixture.desktop.handlers['vault:addUri'](URI));
    await setUpBackups(fixture);
    const restarted = await fixture.restart();
    expect(restarted.desktop.backups.status().lastSuccess?.file).toBe(backupFileName(NOW_MS));
    expect(fixture.backups()).toEqual([backupFileName(NOW_MS)]);

    // Left open with no change, the app still refreshes a backup once it is over a day old (checked every 6 hours).
    fixture.timers.advance(24 * 3_600_000);
    expect(fixture.timers.armedMs()).toEqual([6 * 3_600_000]);
    fixture.timers.advance(6 * 3_600_000 + BACKUP_DELAY_MS);
    const name = backupFileName(NOW_MS + 30 * 3_600_000 + BACKUP_DELAY_MS);
    await pollUntil(() => restarted.desktop.backups.status().lastSuccess?.file === name, 'the backup of a day-old vault');
  });
});

describe('the reminder', () => {
  it('shows at 30 days without a backup, snoozes for 7 days, and an export counts as a backup', async () => {
    const fixture = await startBackupDesktop();
    const { handlers } = fixture.desktop;
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: false });
    valueOf(await handlers['vault:addUri'](URI));
    fixture.clock.advance(29 * DAY_MS);
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: false });
    fixture.clock.advance(2 * DAY_MS);
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: true, days: 31, neverBackedUp: true });

    expect(valueOf(await handlers['backup:snoozeReminder']())).toBeNull();
    fixture.clock.advance(7 * DAY_MS - 1);
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: false });
    fixture.clock.advance(1);
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: true, days: 38, neverBackedUp: true });

    fixture.adapters.savePath = `${tempDir('tessera-export-')}/accounts.txt`;
    valueOf(await handlers['vault:exportPlain']());
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: false });
    expect(valueOf(await handlers['backup:status']()).lastExportAt).toBe(new Date(fixture.clock.now()).toISOString());
    fixture.clock.advance(30 * DAY_MS);
    expect(valueOf(await handlers['backup:reminder']())).toEqual({ show: true, days: 30, neverBackedUp: false });
  });
});

describe('the backup channels', () => {
  it('are refused while the app is locked', async () => {
    const { desktop } = await startBackupDesktop();
    valueOf(await desktop.handlers['lock:setPasscode'](null, '2468'));
    valueOf(await desktop.handlers['lock:lock']());
    const locked = { ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } };
    expect(await desktop.handlers['backup:status']()).toEqual(locked);
    expect(await desktop.handlers['backup:setPassword']('long enough password')).toEqual(locked);
    expect(await desktop.handlers['backup:reminder']()).toEqual(locked);
  });

  it.each<[string, unknown[]]>([
    ['backup:update', [{ keep: 0 }]],
    ['backup:update', [{ keep: 101 }]],
    ['backup:update', [{ keep: 2.5 }]],
    ['backup:update', [{ enabled: 'yes' }]],
    ['backup:update', [{ folder: '/tmp' }]],
    ['backup:update', []],
    ['backup:setPassword', ['']],
    ['backup:setPassword', ['x'.repeat(1025)]],
    ['backup:setPassword', [42]],
    ['backup:chooseFolder', ['/tmp']],
    ['backup:runNow', [true]],
    ['backup:snoozeReminder', [7]],
  ])('%s refuses %j', (channel, args) => {
    expect((channelValidators as Record<string, (args: unknown[]) => boolean>)[channel]!(args)).toBe(false);
  });

  it.each<[string, unknown[]]>([
    ['backup:update', [{ keep: 1 }]],
    ['backup:update', [{ enabled: true, keep: 100 }]],
    ['backup:setPassword', ['correct horse']],
  ])('%s accepts %j', (channel, args) => {
    expect((channelValidators as Record<string, (args: unknown[]) => boolean>)[channel]!(args)).toBe(true);
  });
});
