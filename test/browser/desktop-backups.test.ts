import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_FILE_PATTERN, backupFileName } from '../../src-main/desktop/backup/backup-file';
import { BACKUP_DELAY_MS } from '../../src-main/desktop/backup/backup-scheduler';
import { createMemorySecretStore, openVault } from '../../src-main/vault';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { fixedClock, type FixedClock } from '../helpers/clock.js';
import { addFromUri, openTab } from './authenticator-accounts.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { oathtool } from '../helpers/server.js';
import { virtualTimers, type VirtualTimers } from '../helpers/virtual-timers.js';
import { keyringGate } from '../src-main/vault/keyring-gate';

/**
 * Automatic backups in the real renderer over the test bridge: set up in Settings (the folder from
 * main's folder dialog, the password into the keychain), written after a change when the test moves
 * the backup timers, read back by Import; and the reminder on the accounts screen when main's clock
 * has moved on 31 days.
 */

const START_MS = Date.UTC(2026, 10, 23, 12, 0, 5);
const DAY_MS = 86_400_000;
const PASSWORD = 'correct horse battery';
const EXAMPLE = { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Example:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example' };
const SIZES = [{ width: 1100, height: 720 }, { width: 420, height: 720 }];

async function addOne(page: Page, uri: string) {
  await addFromUri(page, uri);
  await page.getByRole('status').filter({ hasText: 'Added 1 account' }).waitFor();
}

async function screenshots(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await saveScreenshot(page, `${name}-${size.width}`);
  }
}

describe('automatic backups in Chromium', () => {
  let clock: FixedClock;
  let timers: VirtualTimers;
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];
  let scratch: string;

  beforeEach(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'tessera-backups-test-'));
    clock = fixedClock(START_MS);
    timers = virtualTimers(clock);
    bridge = await startDesktopBridge({ clock, backupTimers: timers });
    browser = await launchChromium();
    await bridge.attach(browser.context);
    problems = watchProblems(browser.page);
    await browser.page.setViewportSize(SIZES[0]!);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    rmSync(scratch, { recursive: true, force: true });
    expect(problems ?? []).toEqual([]);
  });

  it('are set up in Settings, written after a change, and import back into a fresh vault with oathtool’s codes', async () => {
    const { page } = browser;
    const folder = join(scratch, 'backups');
    execFileSync('mkdir', ['-p', folder]);
    await page.goto(bridge.url);
    await openTab(page, 'Settings');
    const panel = page.locator('#auto-backup');
    await panel.getByLabel('Back up automatically, encrypted, after each change').check();
    await panel.getByText('Backups cannot run yet: Choose a folder and set a backup password.').waitFor();

    bridge.folderPath = folder;
    await panel.getByRole('button', { name: 'Choose folder…' }).click();
    await expect.poll(() => panel.locator('.auto-backup-folder').textContent()).toBe(folder);
    expect(bridge.dialogs.at(-1)).toEqual({ title: 'Choose a folder for automatic backups' });

    // The rule is on show before anything is typed, and the button waits for it and a matching repeat.
    const rules = panel.locator('#auto-backup-password-rules');
    expect(await rules.textContent()).toMatch(/^At least 8 characters\. Without it the backups cannot be opened/);
    await panel.getByLabel('Password for automatic backups').fill('short');
    expect(await rules.textContent()).toMatch(/^At least 8 characters \(5 so far\)/);
    const setButton = panel.getByRole('button', { name: 'Set backup password' });
    expect(await setButton.isDisabled()).toBe(true);
    await panel.getByLabel('Password for automatic backups').fill(PASSWORD);
    await panel.getByLabel('Repeat it').fill(`${PASSWORD}!`);
    await panel.getByText('The two passwords differ.').waitFor();
    expect(await setButton.isDisabled()).toBe(true);
    await panel.getByLabel('Repeat it').fill(PASSWORD);
    await setButton.click();
    await panel.getByText('set (kept in the system keychain)').waitFor();
    expect(await panel.getByLabel('New password for automatic backups').inputValue()).toBe('');
    expect(await bridge.secretStore.get('Tessera', 'backup-password')).toBe(PASSWORD);
    if (keyringGate().available) {
      // An independent client of the keyring finds it where the brief says: service Tessera, username (the keyring library's name for the account) backup-password.
      expect(execFileSync('secret-tool', ['lookup', 'service', 'Tessera', 'username', 'backup-password'], { encoding: 'utf8' })).toBe(PASSWORD);
    }
    await panel.getByText('No automatic backup written yet.').waitFor();

    await addOne(page, EXAMPLE.uri);
    expect(readdirSync(folder)).toEqual([]);
    const name = backupFileName(clock.now() + BACKUP_DELAY_MS);
    timers.advance(BACKUP_DELAY_MS);
    await expect.poll(() => readdirSync(folder), { timeout: 15_000 }).toEqual([name]);
    expect(name).toMatch(BACKUP_FILE_PATTERN);

    await openTab(page, 'Settings');
    await panel.getByText(`(${name})`).waitFor({ timeout: 15_000 });
    await screenshots(page, 'desktop-backups-settings');
    // The password crossed once, page → main; no answer to the page carries it.
    expect(bridge.responses.filter((response) => response.body.includes(PASSWORD))).toEqual([]);

    const restored = await openVault({ dataDir: join(scratch, 'restored'), secretStore: createMemorySecretStore(), clock });
    try {
      clock.advance(DAY_MS);
      const report = await restored.importText(readFileSync(join(folder, name), 'utf8'), { nowMs: clock.now(), password: PASSWORD });
      expect(report).toMatchObject({ source: 'Tessera backup', skipped: 0 });
      expect(restored.codes(clock.now()).map((view) => view.code)).toEqual([oathtool(EXAMPLE.secret, clock.now())]);
    } finally {
      restored.close();
    }
  });

  it('reminds after 31 days without a backup, dismisses for 7 days, and leads to the backup settings', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await addOne(page, EXAMPLE.uri);
    await openTab(page, 'Accounts');
    await page.getByRole('listitem', { name: 'Example (ada@example.com)' }).waitFor();
    expect(await page.getByRole('status', { name: 'Backup reminder' }).count()).toBe(0);

    clock.advance(31 * DAY_MS);
    await page.reload();
    const banner = page.getByRole('status', { name: 'Backup reminder' });
    await banner.getByText('No backup for 31 days.').waitFor();
    await screenshots(page, 'desktop-backups-reminder');
    await page.setViewportSize(SIZES[0]!);

    await banner.getByRole('button', { name: 'Dismiss for 7 days' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    clock.advance(7 * DAY_MS - 1_000);
    await page.reload();
    await page.getByRole('listitem', { name: 'Example (ada@example.com)' }).waitFor();
    expect(await banner.count()).toBe(0);

    clock.advance(1_000);
    await page.reload();
    await banner.getByText('No backup for 38 days.').waitFor();
    await banner.getByRole('button', { name: 'Go to backup settings' }).click();
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('auto-backup-title');
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
  });
});
