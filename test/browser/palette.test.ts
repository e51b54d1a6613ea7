import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security/csp';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { fixedClock } from '../helpers/clock.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';

/**
 * The quick-search palette page (out/renderer/palette.html) in Chromium, its preload API backed by
 * main's real palette handlers over the test bridge: type, arrows, Enter copies in main, Escape closes.
 */

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const SECRETS = { acme: 'JBSWY3DPEHPK3PXP', github: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', bank: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJA' };
const ACCOUNTS = [
  `otpauth://totp/ACME:alice@example.com?secret=${SECRETS.acme}&issuer=ACME`,
  `otpauth://totp/GitHub:alice?secret=${SECRETS.github}&issuer=GitHub`,
  `otpauth://totp/Bank:bob?secret=${SECRETS.bank}&issuer=Bank`,
];
const SHORTCUT = 'CommandOrControl+Shift+Space';
const PASSCODE = '2468-tessera';

/** oathtool (apt) at the bridge's fixed instant: the code the clipboard must hold. */
const oathtool = (secret: string) => execFileSync('oathtool', ['--totp', '-b', '-N', `@${NOW_MS / 1000}`, secret], { encoding: 'utf8' }).trim();

describe('the quick-search palette in Chromium', () => {
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  // A fresh app per case: use counts (which order the matches) never carry over.
  beforeEach(async () => {
    bridge = await startDesktopBridge({ clock: fixedClock(NOW_MS) });
    const report = await bridge.desktop.handlers['vault:importText'](ACCOUNTS.join('\n'), null);
    expect(report.ok).toBe(true);
    browser = await launchChromium();
    await bridge.attachPalette(browser.context);
    await browser.page.setViewportSize({ width: 560, height: 380 });
    problems = watchProblems(browser.page);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    expect(problems).toEqual([]);
  });

  /** The shortcut as the user presses it, then the palette's page as its window loads it. */
  async function openPalette(): Promise<void> {
    bridge.windows.shortcuts.get(SHORTCUT)!();
    expect(bridge.windows.paletteVisible).toBe(true);
    const response = await browser.page.goto(bridge.paletteUrl);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await expect.poll(() => browser.page.getByRole('option').count()).toBe(3);
  }

  const options = () => browser.page.getByRole('option').allTextContents();
  const selected = () => browser.page.locator('[role="option"][aria-selected="true"]').textContent();

  for (const scheme of ['light', 'dark'] as const) {
    it(`finds by substring, moves with the arrows and copies the chosen code with Enter (${scheme})`, async () => {
      const { page } = browser;
      await page.emulateMedia({ colorScheme: scheme });
      bridge.clipboard.text = '';
      await openPalette();
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('query');

      await page.keyboard.type('ALICE');
      await expect.poll(options).toEqual(['ACMEalice@example.com', 'GitHubalice']);
      expect(await selected()).toBe('ACMEalice@example.com');
      await page.keyboard.press('ArrowDown');
      expect(await selected()).toBe('GitHubalice');
      await saveScreenshot(page, `palette-${scheme}`);
      // Names only: no code is anywhere in the page before the copy.
      expect(await page.content()).not.toContain(oathtool(SECRETS.github));

      await page.keyboard.press('Enter');
      await expect.poll(() => bridge.clipboard.text).toBe(oathtool(SECRETS.github));
      expect(bridge.windows.paletteVisible).toBe(false);
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Copied. The clipboard clears in 30 s.');
      expect(await page.content()).not.toContain(oathtool(SECRETS.github));
    });
  }

  it('says when nothing matches, wraps the arrows, and closes on Escape without copying', async () => {
    const { page } = browser;
    bridge.clipboard.text = 'kept';
    await openPalette();
    await page.keyboard.type('zzz');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('No account matches "zzz"');
    expect(await options()).toEqual([]);
    await page.keyboard.press('Enter');
    for (let index = 0; index < 3; index++) await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByRole('option').count()).toBe(3);
    await page.keyboard.press('ArrowUp');
    expect(await selected()).toBe((await options())[2]);
    await page.keyboard.press('Escape');
    await expect.poll(() => bridge.windows.paletteVisible).toBe(false);
    expect(bridge.clipboard.text).toBe('kept');
  });

  it('copies on a click, Bank first once it is the most used', async () => {
    const { page } = browser;
    await openPalette();
    await page.getByRole('option', { name: /Bank/ }).click();
    await expect.poll(() => bridge.clipboard.text).toBe(oathtool(SECRETS.bank));
    await openPalette();
    expect((await options())[0]).toBe('Bankbob');
  });

  it('while locked shows "Tessera is locked" and opens the main window instead', async () => {
    const { page } = browser;
    const { handlers } = bridge.desktop;
    expect((await handlers['lock:setPasscode'](null, PASSCODE)).ok).toBe(true);
    expect((await handlers['lock:lock']()).ok).toBe(true);
    bridge.windows.shortcuts.get(SHORTCUT)!();
    await page.goto(bridge.paletteUrl);
    await expect.poll(() => page.getByRole('heading', { name: 'Tessera is locked' }).isVisible()).toBe(true);
    expect(await page.getByRole('combobox').isVisible()).toBe(false);
    await saveScreenshot(page, 'palette-locked');
    const shows = bridge.windows.mainWindowShows;
    await page.keyboard.press('Enter');
    await expect.poll(() => bridge.windows.mainWindowShows).toBe(shows + 1);
    expect(bridge.windows.paletteVisible).toBe(false);
  });
});
