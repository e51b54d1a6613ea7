import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { fixedClock, type FixedClock } from '../helpers/clock.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { oathtool } from '../helpers/server.js';
import { ACCOUNTS, addAllAccounts, digitsOf, row, rowNames, secretOf } from './authenticator-accounts.js';

/**
 * The everyday path of the authenticator's list, in the real renderer (Chromium) over the test bridge
 * with 13 accounts: how much fits, how it reads in light and dark, and finding and copying a code
 * with the keyboard alone. Codes are checked against oathtool on the desktop's fixed clock.
 */

const SIZES = [
  { width: 1100, height: 720 },
  { width: 420, height: 720 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Page code as text (this Node project has no DOM types): WCAG contrast of each monogram's text on its tile. */
const MONOGRAM_CONTRASTS = `[...document.querySelectorAll('.monogram')].map((tile) => {
  const rgb = (text) => text.match(/\\d+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(tile);
  const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
})`;

/**
 * WCAG 2.1 SC 1.4.11: each control's edge against what is behind it (the first opaque background up
 * the tree), for the row menu buttons, the search field and the sort menu.
 */
const CONTROL_CONTRASTS = `(() => {
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour;
    }
    return rgba(getComputedStyle(document.body).backgroundColor);
  };
  return [...document.querySelectorAll('.account .icon-button, input[type=search], select')].map((control) => {
    const [a, b] = [lum(rgba(getComputedStyle(control).borderTopColor)), lum(behind(control))].sort((x, y) => y - x);
    return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
  });
})()`;

/** How many lines each code takes: its height over its line height. */
const CODE_LINES = `[...document.querySelectorAll('output.code')].map((code) => {
  const style = getComputedStyle(code);
  return Math.round(code.getBoundingClientRect().height / parseFloat(style.lineHeight));
})`;

const ROW_BOXES = `[...document.querySelectorAll('ul.accounts > li.account')].map((item) => item.getBoundingClientRect().toJSON())`;
const ROW_ICONS = `[...document.querySelectorAll('ul.accounts > li.account')].map((item) => item.querySelector('.issuer-icon')?.getAttribute('data-icon'))`;

describe('the authenticator list with 13 accounts', () => {
  let clock: FixedClock;
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  beforeEach(async () => {
    // 12:00:05: 25 s left in the step, so no code turns over during a case.
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
    expect(problems).toEqual([]);
  });

  async function open(page: Page, size: (typeof SIZES)[number], scheme: (typeof SCHEMES)[number]) {
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(bridge.url);
    await row(page, 'GitHub (octocat)').locator('output.code').waitFor();
  }

  it('fits at least 9 whole rows at 1100×720, never wraps a code at 420 px, and reads in light and dark', async () => {
    const { page } = browser;
    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        await open(page, size, scheme);
        expect(await rowNames(page)).toEqual(ACCOUNTS.map((entry) => entry.name));
        const boxes = (await page.evaluate(ROW_BOXES)) as { top: number; bottom: number; height: number }[];
        const whole = boxes.filter((box) => box.top >= 0 && box.bottom <= size.height);
        if (size.width === 1100) expect(whole.length).toBeGreaterThanOrEqual(9);
        // Compact: about 56 px a row at both widths.
        expect(boxes.every((box) => box.height >= 52 && box.height <= 64)).toBe(true);
        expect(await page.evaluate(CODE_LINES)).toEqual(Array(12).fill(1));
        // Nothing sideways: the page is no wider than the window.
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(size.width);
        const contrasts = (await page.evaluate(MONOGRAM_CONTRASTS)) as number[];
        expect(contrasts).toHaveLength(2);
        expect(contrasts.every((ratio) => ratio >= 4.5)).toBe(true);
        const controls = (await page.evaluate(CONTROL_CONTRASTS)) as number[];
        expect(controls.length).toBeGreaterThanOrEqual(ACCOUNTS.length + 2);
        expect(controls.filter((ratio) => ratio < 3)).toEqual([]);
        await saveScreenshot(page, `authenticator-list-${size.width}-${scheme}`);
      }
    }
    // The icons: bundled marks by issuer (and by domain for the account without one), monograms otherwise.
    const icons = await page.evaluate(ROW_ICONS);
    expect(icons).toEqual(ACCOUNTS.map((entry) => entry.icon));
  });

  it('finds and copies a code with the keyboard alone: type, Enter', async () => {
    const { page } = browser;
    await open(page, SIZES[0], 'light');
    const dropbox = ACCOUNTS[4];

    // Action 1: type, with nothing focused (type-to-search). Action 2: Enter copies the only match.
    await page.keyboard.type('dropb');
    await expect.poll(() => rowNames(page)).toEqual([dropbox.name]);
    await page.keyboard.press('Enter');
    await expect.poll(() => bridge.clipboard.text).toBe(oathtool(secretOf(dropbox.uri), clock.now()));
    // The toast counts down in the page's own time from 30: a busy machine may first see it at 29 or less.
    await page.getByRole('status').filter({ hasText: /^Copied Dropbox code, clears in ([12]?\d|30) s$/ }).waitFor();
    await saveScreenshot(page, 'authenticator-keyboard-copy');

    // Escape clears the search; "/" focuses it; several matches: the top one is selected, arrows move.
    await page.keyboard.press('Escape');
    await expect.poll(() => rowNames(page)).toHaveLength(ACCOUNTS.length);
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.getAttribute("type")')).toBe('search');
    await page.keyboard.type('acme');
    const matches = ['Amazon Web Services (ada@acme-prod)', 'Slack (ada@acme.com)', 'Cloudflare (ops@acme.com)', 'ACME Intranet (ada)'];
    await expect.poll(() => rowNames(page)).toEqual(matches);
    const selected = () => page.locator('.account[aria-current="true"]').getAttribute('aria-label');
    expect(await selected()).toBe(matches[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(matches[2]);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(matches[1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => bridge.clipboard.text).toBe(oathtool(secretOf(ACCOUNTS[5].uri), clock.now()));

    // Ctrl+F from anywhere goes back to the search, and a click on a row copies it.
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('Control+f');
    expect(await page.evaluate('document.activeElement?.getAttribute("type")')).toBe('search');
    await row(page, 'Google (ada.lovelace@gmail.com)').locator('.account-names').click();
    await expect.poll(() => bridge.clipboard.text).toBe(oathtool(secretOf(ACCOUNTS[1].uri), clock.now()));
  });

  it('shows the next code in the last 5 seconds of a step', async () => {
    clock.set(Date.UTC(2026, 10, 23, 12, 0, 26));
    const { page } = browser;
    await open(page, SIZES[0], 'dark');
    const github = row(page, 'GitHub (octocat)');
    const secret = secretOf(ACCOUNTS[0].uri);
    await expect.poll(() => github.locator('.next-code').textContent()).toMatch(/^next \d{3} \d{3}$/);
    expect(await digitsOf(github.locator('.next-code'))).toBe(`next${oathtool(secret, clock.now() + 30_000)}`);
    expect(await digitsOf(github.locator('output.code'))).toBe(oathtool(secret, clock.now()));
    await saveScreenshot(page, 'authenticator-next-code');
  });
});
