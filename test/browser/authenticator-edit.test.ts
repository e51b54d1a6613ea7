import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { fixedClock, type FixedClock } from '../helpers/clock.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { ACCOUNTS, addAllAccounts, digitsOf, oathtoolHotp, row, rowNames, secretOf, vaultNames } from './authenticator-accounts.js';

/**
 * Arranging the list in the real renderer over the test bridge: remove at once with Undo, the trash,
 * sorting and drag to reorder (both kept), the row menu by keyboard, and HOTP's copy = the shown code.
 * What the page shows is checked against what the vault (main) holds.
 */

const NAMES = ACCOUNTS.map((entry) => entry.name);

describe('arranging the authenticator list', () => {
  let clock: FixedClock;
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  beforeEach(async () => {
    clock = fixedClock(Date.UTC(2026, 10, 23, 12, 0, 5));
    bridge = await startDesktopBridge({ clock });
    await addAllAccounts(bridge);
    browser = await launchChromium();
    await bridge.attach(browser.context);
    problems = watchProblems(browser.page);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    expect(problems ?? []).toEqual([]);
  });

  async function open(page: Page, width = 1100) {
    await page.setViewportSize({ width, height: 720 });
    await page.goto(bridge.url);
    await row(page, 'GitHub (octocat)').locator('output.code').waitFor();
  }

  async function removeWithMenu(page: Page, name: string, title: string) {
    await row(page, name).getByRole('button', { name: `Actions for ${title}` }).click();
    await page.getByRole('menu', { name: `Actions for ${title}` }).getByRole('menuitem', { name: 'Remove' }).click();
  }

  it('removes at once with Undo, back in its place; the trash restores and deletes for good', async () => {
    const { page } = browser;
    await open(page);
    const dropbox = ACCOUNTS[4].name;

    await removeWithMenu(page, dropbox, 'Dropbox');
    const without = NAMES.filter((name) => name !== dropbox);
    await expect.poll(() => rowNames(page)).toEqual(without);
    expect(await vaultNames(bridge)).toEqual(without);
    const toast = page.getByRole('status').filter({ hasText: `Removed ${dropbox}.` });
    await toast.waitFor();
    await saveScreenshot(page, 'authenticator-remove-undo');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rowNames(page)).toEqual(NAMES);
    expect(await vaultNames(bridge)).toEqual(NAMES);
    expect(await page.locator('.account[aria-current="true"]').getAttribute('aria-label')).toBe(dropbox);

    // Removed twice more; the trash lists both, restores one to its old place and deletes the other.
    const slack = ACCOUNTS[5].name;
    await removeWithMenu(page, dropbox, 'Dropbox');
    await expect.poll(() => rowNames(page)).toHaveLength(NAMES.length - 1);
    await removeWithMenu(page, slack, 'Slack');
    await expect.poll(() => rowNames(page)).toHaveLength(NAMES.length - 2);
    await page.getByText('Recently removed (2)').click();
    const trash = page.getByRole('list', { name: 'Recently removed' });
    await expect.poll(() => trash.getByRole('listitem').count()).toBe(2);
    await saveScreenshot(page, 'authenticator-trash');
    await trash.getByRole('listitem', { name: slack }).getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => rowNames(page)).toEqual(NAMES.filter((name) => name !== dropbox));
    await trash.getByRole('listitem', { name: dropbox }).getByRole('button', { name: 'Delete now' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => page.getByText(/^Recently removed/).count()).toBe(0);
    const trashed = await bridge.desktop.handlers['vault:trash']();
    expect(trashed).toEqual({ ok: true, value: [] });
    expect(await vaultNames(bridge)).toEqual(NAMES.filter((name) => name !== dropbox));
  });

  it('sorts by name, issuer and most used, and keeps the choice; drag reorders and the vault keeps it', async () => {
    const { page } = browser;
    await open(page);
    const sort = page.getByRole('combobox', { name: 'Sort accounts' });
    await sort.selectOption('issuer');
    const byIssuer = [...NAMES].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    await expect.poll(() => rowNames(page)).toEqual(byIssuer);

    // Most used: copies counted by main.
    await sort.selectOption('used');
    for (const name of [ACCOUNTS[6].name, ACCOUNTS[6].name, ACCOUNTS[10].name]) {
      const before = bridge.calls.get('vault:copyCode') ?? 0;
      await row(page, name).locator('.account-names').click();
      await expect.poll(() => bridge.calls.get('vault:copyCode') ?? 0).toBe(before + 1);
    }
    await page.reload();
    await expect.poll(() => rowNames(page)).toEqual([ACCOUNTS[6].name, ACCOUNTS[10].name, ...NAMES.filter((name) => name !== ACCOUNTS[6].name && name !== ACCOUNTS[10].name)]);
    expect(await sort.inputValue()).toBe('used');

    // Drag works in the user's own order: Dropbox dropped on the top half of GitHub goes first.
    await sort.selectOption('custom');
    await row(page, ACCOUNTS[4].name).dragTo(row(page, ACCOUNTS[0].name), { sourcePosition: { x: 120, y: 20 }, targetPosition: { x: 120, y: 8 } });
    const dragged = [ACCOUNTS[4].name, ...NAMES.filter((name) => name !== ACCOUNTS[4].name)];
    await expect.poll(() => rowNames(page)).toEqual(dragged);
    expect(await vaultNames(bridge)).toEqual(dragged);
    await page.reload();
    await expect.poll(() => rowNames(page)).toEqual(dragged);
  });

  it('opens the row menu by keyboard: arrows, Escape closes and returns focus, Move down reorders', async () => {
    const { page } = browser;
    await open(page);
    const menuButton = row(page, ACCOUNTS[0].name).getByRole('button', { name: 'Actions for GitHub' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for GitHub' });
    await menu.waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Pin to top');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Actions for GitHub');

    await page.keyboard.press('Enter');
    await menu.waitFor();
    // Pin to top, Edit, (Move up is disabled on the first row), Move down.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Move down');
    await page.keyboard.press('Enter');
    await expect.poll(() => vaultNames(bridge)).toEqual([NAMES[1], NAMES[0], ...NAMES.slice(2)]);
    await expect.poll(() => rowNames(page)).toEqual([NAMES[1], NAMES[0], ...NAMES.slice(2)]);
  });

  for (const width of [1100, 420]) {
    it(`copies the HOTP code on show at ${width} px: the counter moves once per code`, async () => {
      const { page } = browser;
      await open(page, width);
      const bank = row(page, 'First Bank (ada)');
      const secret = secretOf(ACCOUNTS[12].uri);
      const counter = async () => {
        const listed = await bridge.desktop.handlers['vault:list']();
        return listed.ok ? listed.value.find((found) => found.kind === 'hotp')?.counter : listed.error.message;
      };
      await bank.getByRole('button', { name: 'Next code for First Bank' }).click();
      await expect.poll(() => digitsOf(bank.locator('output.code'))).toBe(oathtoolHotp(secret, 0));
      for (const _copy of [1, 2]) {
        const before = bridge.calls.get('vault:copyCode') ?? 0;
        await bank.locator('.account-names').click();
        await expect.poll(() => bridge.calls.get('vault:copyCode') ?? 0).toBe(before + 1);
        expect({ shown: await digitsOf(bank.locator('output.code')), copied: bridge.clipboard.text, counter: await counter() })
          .toEqual({ shown: oathtoolHotp(secret, 0), copied: oathtoolHotp(secret, 0), counter: 1 });
      }
      await saveScreenshot(page, `authenticator-hotp-${width}`);
    });
  }
});
