import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKUP_FILE_PATTERN } from '../../../../src-main/desktop/backup/backup-file';
import { createMemorySecretStore, openVault, type Vault } from '../../../../src-main/vault';
import { fixedClock, type FixedClock } from '../../../helpers/clock';
import { virtualTimers, type VirtualTimers } from '../../../helpers/virtual-timers';
import { startDesktop, valueOf, type DesktopFixture } from '../desktop-fixture';
import { registerAfterEach } from '../../../setup/after-file.js';

export const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 5);
export const PASSWORD = 'correct horse battery';
export const SECRET = 'JBSWY3DPEHPK3PXP';
export const URI = `otpauth://totp/Example:ada@example.com?secret=${SECRET}&issuer=Example`;
export const SHA256_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const SHA256_URI = `otpauth://totp/Bank:ada?secret=${SHA256_SECRET}&issuer=Bank&algorithm=SHA256&digits=8&period=60`;

const temps: string[] = [];
const vaults: Vault[] = [];
// Through the setup file, so it runs after each test of every file, also where files share this module.
registerAfterEach(() => {
  for (const vault of vaults.splice(0)) vault.close();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export interface BackupFixture extends DesktopFixture {
  clock: FixedClock;
  timers: VirtualTimers;
  folder: string;
  /** The automatic backups in the folder, oldest first. */
  backups(): string[];
}

/** A desktop on a fixed clock with virtual backup timers, and an empty folder to back up into. */
export async function startBackupDesktop(): Promise<BackupFixture> {
  const clock = fixedClock(NOW_MS);
  const timers = virtualTimers(clock);
  const fixture = await startDesktop({ clock, backupTimers: timers });
  const folder = tempDir('tessera-backups-');
  return { ...fixture, clock, timers, folder, backups: () => readdirSync(folder).filter((name) => BACKUP_FILE_PATTERN.test(name)).sort() };
}

/** Automatic backups on, into the fixture's folder, with PASSWORD. */
export async function setUpBackups(fixture: BackupFixture): Promise<void> {
  const { handlers } = fixture.desktop;
  valueOf(await handlers['backup:update']({ enabled: true }));
  fixture.adapters.folderPath = fixture.folder;
  valueOf(await handlers['backup:chooseFolder']());
  valueOf(await handlers['backup:setPassword'](PASSWORD));
}

/** A fresh vault in its own folder and keychain: where a backup is restored, as on a new computer. */
export async function freshVault(clock: FixedClock): Promise<Vault> {
  const vault = await openVault({ dataDir: tempDir('tessera-restore-'), secretStore: createMemorySecretStore(), clock });
  vaults.push(vault);
  return vault;
}
