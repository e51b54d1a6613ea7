import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdleTimers } from '../../src-main/desktop/lock-service';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';

/**
 * The idle lock in the real renderer: main's idle timer runs with a minute shortened to a second and
 * a half, and the page shows the lock screen when main says it locked (no polling).
 */

const URI = 'otpauth://totp/Example:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const PASSCODE = '2468-tessera';
const IDLE_MINUTE_MS = 1_500;
const MINUTE_MS = 60_000;

/** The lock service's timer with every minute lasting IDLE_MINUTE_MS. */
const shortMinutes: IdleTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, (ms / MINUTE_MS) * IDLE_MINUTE_MS),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

describe('the idle lock in Chromium', () => {
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  beforeEach(async () => {
    bridge = await startDesktopBridge({ idleTimers: shortMinutes });
    browser = await launchChromium();
    await bridge.attach(browser.context);
    problems = watchProblems(browser.page);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    expect(problems).toEqual([]);
  });

  it('locks after the idle minutes set in Settings, shows no code while locked, and unlocks with the passcode', async () => {
    const { handlers } = bridge.desktop;
    expect(await handlers['vault:addUri'](URI)).toMatchObject({ ok: true });
    expect(await handlers['lock:setPasscode'](null, PASSCODE)).toEqual({ ok: true, value: null });
    const { page } = browser;
    await page.goto(bridge.url);
    const code = page.getByRole('listitem', { name: 'Example (ada@example.com)' }).locator('output.code');
    await code.waitFor();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const idle = page.getByLabel('Lock after minutes without use');
    await idle.fill('1');
    await idle.blur();
    await expect.poll(async () => (await handlers['settings:get']()).idleLockMinutes).toBe(1);
    const statusAsked = bridge.calls.get('vault:status') ?? 0;

    // No input from here on: "a minute" later main locks, and the page follows at once.
    await page.getByRole('heading', { name: 'Tessera is locked' }).waitFor({ timeout: 10 * IDLE_MINUTE_MS });
    expect(bridge.desktop.lock.isLocked()).toBe(true);
    expect(await page.locator('output.code').count()).toBe(0);
    // One question after the "lock" change, not one a second.
    expect((bridge.calls.get('vault:status') ?? 0) - statusAsked).toBeLessThanOrEqual(2);
    expect(bridge.sentChanges).toContain('lock');
    await saveScreenshot(page, 'desktop-idle-locked');

    await page.getByLabel('Passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await code.waitFor();
  });
  it('shows the lock settings off with the reason while no passcode is set, and on once one is', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const onOsLock = page.getByLabel('Lock when the computer locks or sleeps');
    const idle = page.getByLabel('Lock after minutes without use');
    const reason = page.getByText('Locking needs a passcode, so these settings are off.');
    await reason.waitFor();
    expect({ osLock: [await onOsLock.isDisabled(), await onOsLock.isChecked()], idleDisabled: await idle.isDisabled() })
      .toEqual({ osLock: [true, false], idleDisabled: true });
    await saveScreenshot(page, 'desktop-lock-settings-without-passcode');

    await page.getByRole('button', { name: 'Set a passcode' }).click();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('new-passcode');
    await page.keyboard.type(PASSCODE);
    await page.getByLabel('Repeat new passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Set passcode' }).click();
    await reason.waitFor({ state: 'detached' });
    expect({ osLock: [await onOsLock.isDisabled(), await onOsLock.isChecked()], idleDisabled: await idle.isDisabled() })
      .toEqual({ osLock: [false, true], idleDisabled: false });
  });

  it('offers Touch ID in Settings where the Mac has it, and its lock screen button unlocks through main', async () => {
    bridge.touchId.available = true;
    const { handlers } = bridge.desktop;
    expect(await handlers['vault:addUri'](URI)).toMatchObject({ ok: true });
    expect(await handlers['lock:setPasscode'](null, PASSCODE)).toEqual({ ok: true, value: null });
    const { page } = browser;
    await page.goto(bridge.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const touchId = page.getByLabel('Unlock with Touch ID');
    expect(await touchId.isChecked()).toBe(false);
    await touchId.check();
    await expect.poll(async () => (await handlers['settings:get']()).touchIdUnlock).toBe(true);

    expect(await handlers['lock:lock']()).toEqual({ ok: true, value: null });
    const button = page.getByRole('button', { name: 'Unlock with Touch ID' });
    await button.waitFor();
    await saveScreenshot(page, 'desktop-lock-touch-id');
    bridge.touchId.answers = [true];
    await button.click();
    await page.getByRole('listitem', { name: 'Example (ada@example.com)' }).locator('output.code').waitFor();
    expect({ prompts: bridge.touchId.prompts, locked: bridge.desktop.lock.isLocked() }).toEqual({ prompts: ['unlock Tessera'], locked: false });
  });
});
