import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { AdminConsole } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { expectOk } from '../helpers/push.js';

/** The Factors and policies screen, in Chromium, against a real seeded Tessera: each change lands on the server. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;

/** The Auth0 Dashboard's names for the factors Tessera serves, written out here as the test's own oracle. */
const SUPPORTED = {
  'push-notification': 'Push notification',
  sms: 'Phone message (SMS and voice)',
  email: 'Email',
  otp: 'One-time password',
  'recovery-code': 'Recovery code',
} as const;

async function openFactors(fixture: AdminConsole): Promise<Page> {
  await fixture.open();
  const { page } = fixture;
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Factors & policies' }).click();
  await page.getByRole('heading', { name: 'Factors and policies' }).waitFor({ timeout: WAIT_MS });
  await page.getByRole('switch', { name: 'Push notification' }).waitFor({ timeout: WAIT_MS });
  // The Phone card loads on its own; waited for, so a test that stops the server meets only its own call's failure.
  await page.getByRole('button', { name: 'Save templates' }).waitFor({ timeout: WAIT_MS });
  return page;
}

async function serverFactors(fixture: AdminConsole): Promise<Record<string, boolean>> {
  const factors = expectOk(await fixture.server.management<{ name: string; enabled: boolean }[]>('GET', '/api/v2/guardian/factors'));
  return Object.fromEntries(factors.map((factor) => [factor.name, factor.enabled]));
}

async function serverPush(fixture: AdminConsole): Promise<unknown> {
  return expectOk(await fixture.server.management('GET', '/api/v2/guardian/factors/push-notification/settings'));
}

async function status(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
}

describe('the admin console: Factors and policies', () => {
  it('shows the tenant’s factors, policy and push settings, and saves each change at once, by mouse and by keyboard', async ({ fixture }) => {
    const page = await openFactors(fixture);
    const before = await serverFactors(fixture);
    for (const [name, label] of Object.entries(SUPPORTED)) {
      expect(await page.getByRole('switch', { name: label }).isChecked(), name).toBe(before[name]);
    }
    // Every other factor is listed as unavailable, never as a switch that does nothing.
    const unsupported = Object.keys(before).filter((name) => !(name in SUPPORTED));
    expect(unsupported.length).toBeGreaterThan(0);
    expect(await page.getByRole('switch').count()).toBe(Object.keys(SUPPORTED).length + 2);
    for (const name of unsupported) {
      expect(await page.locator(`[data-factor="${name}"]`).textContent()).toContain('Unavailable: Tessera cannot serve this factor.');
    }
    expect(await page.getByRole('radio', { name: /All applications/ }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: /Number matching/ }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: /Lock push on/ }).isChecked()).toBe(true);
    expect(await serverPush(fixture)).toEqual({ number_matching: true, lock_on_reject: true });
    await saveScreenshot(page, 'admin-factors');

    await page.getByRole('switch', { name: 'One-time password' }).click();
    await status(page, 'One-time password is off.');
    expect(await page.getByRole('switch', { name: 'One-time password' }).isChecked()).toBe(false);
    expect(await serverFactors(fixture)).toEqual({ ...before, otp: false });

    // Keyboard: arrows move within the radio group, Space flips the focused switch.
    await page.getByRole('radio', { name: /All applications/ }).focus();
    await page.keyboard.press('ArrowUp');
    await status(page, 'MFA is never required.');
    expect(await page.getByRole('radio', { name: /Never/ }).isChecked()).toBe(true);
    expect(expectOk(await fixture.server.management('GET', '/api/v2/guardian/policies'))).toEqual([]);

    await page.getByRole('switch', { name: /Number matching/ }).focus();
    await page.keyboard.press('Space');
    await status(page, 'Number matching is off.');
    expect(await serverPush(fixture)).toEqual({ number_matching: false, lock_on_reject: true });

    await page.getByRole('switch', { name: 'One-time password' }).focus();
    await page.keyboard.press('Space');
    await status(page, 'One-time password is on.');
    expect(await serverFactors(fixture)).toEqual(before);
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'admin-factors-dark');
  }, TEST_MS);

  it('puts a switch back and says why when the server cannot be reached', async ({ fixture }) => {
    const page = await openFactors(fixture);
    const push = page.getByRole('switch', { name: 'Push notification' });
    expect(await push.isChecked()).toBe(true);
    await fixture.server.close();

    await push.click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: WAIT_MS });
    expect(await alert.textContent()).toMatch(/^Could not reach .+: check the URL and that the server is running\.$/);
    expect(await push.isChecked()).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'is off' }).count()).toBe(0);
    await saveScreenshot(page, 'admin-factors-unreachable');
  }, TEST_MS);
});
