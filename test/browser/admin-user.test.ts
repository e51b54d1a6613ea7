import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { GRANT_TYPES } from '../../server/grants/types.js';
import { secretsSeenByPage, type AdminConsole, type SeededPerson } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { decodeQr, saveScreenshot } from '../helpers/browser.js';
import { expectOk, loginForMfaToken } from '../helpers/push.js';

/** The User screen, in Chromium, against a real seeded Tessera: each change checked in the Management API too. */

const WAIT_MS = 20_000;
/** Generous on a busy machine, on top of the console's start (seeding twelve people over real HTTP). */
const TEST_MS = CONSOLE_START_MS + 180_000;

interface MethodView {
  id: string;
  type: string;
  /** What lives and dies with this method (push and its OTP). */
  authentication_methods?: { id: string; type: string }[];
}

async function openUser(fixture: AdminConsole, person: SeededPerson): Promise<Page> {
  const { page } = fixture;
  await fixture.open();
  await page.getByRole('button', { name: person.email, exact: true }).click({ timeout: WAIT_MS });
  await page.getByRole('heading', { name: person.name, level: 2 }).waitFor({ timeout: WAIT_MS });
  return page;
}

async function methods(fixture: AdminConsole, person: SeededPerson): Promise<MethodView[]> {
  return expectOk(await fixture.server.management<MethodView[]>('GET', `/api/v2/users/${encodeURIComponent(person.userId)}/authentication-methods`));
}

async function notice(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
}

describe('the admin console: one person', { timeout: TEST_MS }, () => {
  it('shows the profile and authenticators; deleting push warns that its OTP goes too, Escape cancels, Delete removes both', async ({ fixture }) => {
    const grace = fixture.person('grace.hopper@example.com');
    const page = await openUser(fixture, grace);
    const head = page.locator('.admin-user-head');
    expect(await head.textContent()).toContain(grace.email);
    expect(await head.textContent()).toContain(grace.userId);
    const table = page.getByRole('table', { name: 'Authenticators' });
    const pushRow = table.getByRole('row').filter({ hasText: 'Push notification' });
    expect(await pushRow.textContent()).toContain('Grace’s phone');
    const before = await methods(fixture, grace);
    const push = before.find((method) => method.type === 'push');
    // Auth0 nests the OTP that came with the push enrollment under it: one enrollment, two ways in.
    expect(push?.authentication_methods?.map((inner) => inner.type).sort()).toEqual(['push', 'totp']);
    await page.getByRole('table', { name: 'Recent events' }).waitFor({ timeout: WAIT_MS });
    await saveScreenshot(page, 'admin-user-profile');

    await pushRow.getByRole('button', { name: /^Delete Push notification/ }).click();
    const question = page.getByRole('alertdialog');
    expect(await question.textContent()).toMatch(/Authenticator app \(OTP\) goes with it/);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await methods(fixture, grace)).toEqual(before);

    await pushRow.getByRole('button', { name: /^Delete Push notification/ }).click();
    await saveScreenshot(page, 'admin-user-delete-confirm');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await notice(page, 'Push notification deleted.');
    const after = await methods(fixture, grace);
    expect(after.map((method) => method.type)).toEqual(['recovery-code']);
    expect(expectOk(await fixture.server.management('GET', `/api/v2/users/${encodeURIComponent(grace.userId)}/enrollments`))).toEqual([]);
    await page.getByRole('table', { name: 'Recent events' }).getByText('gd_unenroll').first().waitFor({ timeout: WAIT_MS });
    expect(await secretsSeenByPage(fixture)).toEqual([]);
  });

  it('resets MFA only once the email is typed, and the tenant then has no authenticator for the person', async ({ fixture }) => {
    const ada = fixture.person('ada.lovelace@example.com');
    const page = await openUser(fixture, ada);
    await page.getByRole('button', { name: 'Reset MFA…' }).click();
    const dialog = page.getByRole('alertdialog');
    const confirm = dialog.getByRole('button', { name: 'Reset MFA', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${ada.email} to confirm`).fill('someone.else@example.com');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${ada.email} to confirm`).fill(ada.email);
    await saveScreenshot(page, 'admin-user-reset-confirm');
    await confirm.click();
    await notice(page, 'MFA reset: every authenticator was removed.');
    await page.getByText('No authenticators:', { exact: false }).waitFor({ timeout: WAIT_MS });
    expect((await methods(fixture, ada)).filter((method) => method.type !== 'password')).toEqual([]);
  });

  it('regenerates a recovery code shown once: Copy goes through main with auto-clear, the code signs in, Done forgets it', async ({ fixture }) => {
    const katherine = fixture.person('katherine.johnson@example.com');
    const page = await openUser(fixture, katherine);
    await page.getByRole('button', { name: 'Regenerate recovery code…' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Regenerate recovery code…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Regenerate' }).click();
    const shown = page.getByRole('region', { name: 'New recovery code' });
    await shown.waitFor({ timeout: WAIT_MS });
    const code = ((await shown.locator('.secret-value').textContent()) ?? '').trim();
    expect(code).not.toBe(katherine.recoveryCode);
    expect(code.length).toBeGreaterThan(8);
    await shown.getByRole('button', { name: 'Copy' }).click();
    const { clipboardClearSeconds } = fixture.bridge.desktop.handlers ? await fixture.bridge.desktop.handlers['settings:get']() : { clipboardClearSeconds: 0 };
    await shown.getByText(`The clipboard clears in ${clipboardClearSeconds} seconds.`).waitFor();
    expect(fixture.bridge.clipboard.text).toBe(code);
    await saveScreenshot(page, 'admin-user-recovery-code');

    const { server, client } = fixture;
    const mfaToken = await loginForMfaToken(server, client, katherine.email);
    const signIn = await server.call<Record<string, unknown>>('POST', '/oauth/token', {
      form: { grant_type: GRANT_TYPES.mfaRecoveryCode, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, recovery_code: code },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toHaveProperty('access_token');

    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(code);
  });

  it('draws an enrollment ticket as a QR code in the page that decodes to its link; emailing without SMTP says what to do', async ({ fixture }) => {
    const edsger = fixture.person('edsger.dijkstra@example.com');
    const page = await openUser(fixture, edsger);
    await page.getByRole('button', { name: 'Enrollment ticket…' }).click();
    const panel = page.getByRole('region', { name: 'Enrollment ticket' });
    await panel.getByLabel('Authenticator app (OTP)').check();
    await panel.getByRole('button', { name: 'Email it' }).click();
    const refusal = panel.getByRole('alert');
    await refusal.waitFor({ timeout: WAIT_MS });
    expect(await refusal.textContent()).toMatch(/SMTP|mail/i);

    await panel.getByRole('button', { name: 'Create ticket' }).click();
    const qr = panel.getByRole('img', { name: `QR code of the enrollment link for ${edsger.email}` });
    await qr.waitFor({ timeout: WAIT_MS });
    const url = ((await panel.locator('.admin-ticket-url').textContent()) ?? '').trim();
    expect(url.startsWith(fixture.server.issuer)).toBe(true);
    expect(decodeQr(await qr.screenshot())).toBe(url);
    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    await saveScreenshot(page, 'admin-user-ticket');

    await panel.getByRole('button', { name: 'Copy link' }).click();
    await panel.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    expect(fixture.bridge.clipboard.text).toBe(url);
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(url);
    expect(await secretsSeenByPage(fixture)).toEqual([]);
  });

  it('unlocks a locked push factor and forgets remembered browsers after an in-place confirm', async ({ fixture }) => {
    const alan = fixture.person('alan.turing@example.com');
    const page = await openUser(fixture, alan);
    expect(await page.locator('.admin-user-head').textContent()).toContain('push locked');
    await page.getByRole('button', { name: 'Unlock push' }).click();
    await notice(page, 'Push unlocked');
    await page.getByRole('button', { name: 'Unlock push' }).waitFor({ state: 'detached' });
    expect(await page.locator('.admin-user-head').textContent()).not.toContain('push locked');
    const stillLocked = expectOk(await fixture.server.management<unknown[]>('GET', `/api/v2/users?q=${encodeURIComponent('multifactor_push_locked:true')}&search_engine=v3`));
    expect(stillLocked).toEqual([]);

    await page.getByRole('button', { name: 'Forget remembered browsers…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Forget browsers' }).click();
    await notice(page, 'Remembered browsers forgotten');
    await page.getByRole('table', { name: 'Recent events' }).getByText('Invalidate remembered browsers for MFA').first().waitFor({ timeout: WAIT_MS });
    await saveScreenshot(page, 'admin-user-unlocked');
  });
});
