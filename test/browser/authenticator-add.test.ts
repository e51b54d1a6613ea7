import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { fixedClock } from '../helpers/clock.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { ACCOUNTS, addAllAccounts, openTab } from './authenticator-accounts.js';

/**
 * Adding and the small things around it, in the real renderer over the test bridge: the screen first,
 * errors beside their cause, the new account selected in the list, a backup's password rule before
 * export, a failed paste kept, and the privacy settings reaching main.
 */

describe('adding accounts and the settings around them', () => {
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  beforeEach(async () => {
    bridge = await startDesktopBridge({ clock: fixedClock(Date.UTC(2026, 10, 23, 12, 0, 5)) });
    await addAllAccounts(bridge);
    browser = await launchChromium();
    await bridge.attach(browser.context);
    problems = watchProblems(browser.page);
    await browser.page.setViewportSize({ width: 1100, height: 720 });
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    expect(problems ?? []).toEqual([]);
  });

  it('offers the screen first, explains a pasted web address beside the field, and shows the new account selected', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await openTab(page, 'Add account');
    const buttons = await page.locator('section button').allTextContents();
    expect(buttons.slice(0, 3)).toEqual(['Scan screen', 'Select screen area', 'From clipboard']);

    const field = page.getByLabel('otpauth:// URI');
    await field.fill('https://github.com/settings/two_factor_authentication/setup/intro');
    await page.getByRole('button', { name: 'Add from link' }).click();
    const problem = page.locator(`#${await field.getAttribute('aria-describedby')}`);
    expect(await problem.textContent()).toMatch(/^This is a web address, not a setup link\. Open it in your browser/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('https://github.com/settings/two_factor_authentication/setup/intro');
    expect(bridge.calls.get('vault:addUri')).toBeUndefined();
    await saveScreenshot(page, 'authenticator-add-web-address');

    // Main's refusal also lands beside the field, not at the top of the screen.
    await field.fill('otpauth://totp/Short:ada?secret=JBSW');
    await page.getByRole('button', { name: 'Add from link' }).click();
    await expect.poll(() => problem.textContent()).toMatch(/secret/);

    await field.fill('otpauth://totp/Mastodon:ada@social.example?secret=KRSXG5CTMVRXEZLU&issuer=Mastodon');
    await page.getByRole('button', { name: 'Add from link' }).click();
    await page.getByRole('status').filter({ hasText: 'Mastodon (ada@social.example)' }).waitFor();
    await page.getByRole('button', { name: 'Show it in Accounts' }).click();
    const selected = page.locator('.account[aria-current="true"]');
    await expect.poll(() => selected.getAttribute('aria-label')).toBe('Mastodon (ada@social.example)');
    // The 14th row is below the fold at 720 px: it was scrolled into view.
    const box = await selected.boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 720).toBe(true);
    // Enter copies the selected account.
    await page.keyboard.press('Enter');
    await expect.poll(() => bridge.clipboard.text).toMatch(/^\d{6}$/);
    expect(ACCOUNTS).toHaveLength(13);
  });

  it('shows the backup password rule before export, keeps a failed paste with its error in words, and saves privacy settings', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await openTab(page, 'Settings');
    const rule = page.locator('#backup-password-rules');
    expect(await rule.textContent()).toMatch(/^At least 8 characters\./);
    await page.getByLabel('Backup password').fill('short');
    expect(await rule.textContent()).toMatch(/^At least 8 characters \(5 so far\)\./);
    expect(await page.getByRole('button', { name: 'Export encrypted backup…' }).isDisabled()).toBe(true);
    await page.getByLabel('Backup password').fill('long enough now');
    expect(await page.getByRole('button', { name: 'Export encrypted backup…' }).isEnabled()).toBe(true);

    const pasted = '{"not": "an export"}';
    await page.getByLabel('Or paste an export').fill(pasted);
    await page.getByRole('button', { name: 'Import pasted text' }).click();
    const alert = page.locator('.card').filter({ hasText: 'Backup and import' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^[A-Z].*\.$/);
    expect(await page.getByLabel('Or paste an export').inputValue()).toBe(pasted);
    await saveScreenshot(page, 'authenticator-backup-error');

    await page.getByLabel('Hide Tessera’s windows from screenshots').check();
    await expect.poll(async () => {
      const saved = await bridge.desktop.handlers['settings:get']();
      return { contentProtection: saved.contentProtection };
    }).toEqual({ contentProtection: true });
  });
});
