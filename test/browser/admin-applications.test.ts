import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { AdminConsole } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { expectOk } from '../helpers/push.js';
import { PASSWORD } from '../helpers/server.js';

/** The Applications screen, in Chromium, against a real seeded Tessera: what it creates, rotates and deletes is what the server holds. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;
const CONSOLE_CLIENT_NAME = 'Tessera Admin (Management API)';

interface WireClient {
  client_id: string;
  name: string;
  app_type?: string;
  grant_types?: string[];
}

async function openApplications(fixture: AdminConsole): Promise<Page> {
  await fixture.open();
  const { page } = fixture;
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Applications' }).click();
  await table(page).waitFor({ timeout: WAIT_MS });
  return page;
}

const table = (page: Page) => page.getByRole('table', { name: 'Applications' });
const rowOf = (page: Page, clientId: string): Locator => table(page).locator(`tr[data-client-id="${clientId}"]`);
const secretShown = (page: Page) => page.getByRole('region', { name: /^Client secret of / }).locator('code');

async function serverClients(fixture: AdminConsole): Promise<WireClient[]> {
  return expectOk(await fixture.server.management<WireClient[]>('GET', '/api/v2/clients'));
}

/** A password sign-in with the app's credentials: 403 mfa_required proves the secret was accepted (policy: all applications). */
async function signInStatus(fixture: AdminConsole, clientId: string, clientSecret: string): Promise<{ status: number; error: unknown }> {
  const form = { grant_type: 'password', client_id: clientId, client_secret: clientSecret, username: fixture.people[0]!.email, password: PASSWORD };
  const response = await fixture.server.call<{ error?: string }>('POST', '/oauth/token', { form });
  return { status: response.status, error: response.body?.error };
}

async function createApp(page: Page, name: string, preset: RegExp): Promise<string> {
  const form = page.getByRole('form', { name: 'Create an application' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('radio', { name: preset }).check();
  await form.getByLabel('Name').press('Enter');
  await page.getByRole('status').filter({ hasText: `Created ${name}` }).waitFor({ timeout: WAIT_MS });
  const said = (await page.getByRole('status').filter({ hasText: `Created ${name}` }).textContent()) ?? '';
  const clientId = /client id (\S+)\)/.exec(said)?.[1];
  if (!clientId) throw new Error(`no client id in "${said}"`);
  return clientId;
}

describe('the admin console: Applications', () => {
  it('lists the applications with the console’s own marked and untouchable, and creates one from each preset', async ({ fixture }) => {
    const page = await openApplications(fixture);
    const clients = await serverClients(fixture);
    expect((await table(page).locator('tbody tr td:first-child').allTextContents()).map((text) => text.replace('this console', '')).sort()).toEqual(
      clients.map((client) => client.name).sort(),
    );
    const consoleRow = rowOf(page, fixture.admin.clientId);
    expect(await consoleRow.locator('td').first().textContent()).toBe(`${CONSOLE_CLIENT_NAME}this console`);
    expect(await consoleRow.getByRole('button').count()).toBe(0);
    expect(await consoleRow.textContent()).toContain('Used by this console');
    await saveScreenshot(page, 'admin-applications');

    const webId = await createApp(page, 'Payroll', /^Password \+ MFA/);
    const secret = (await secretShown(page).textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(await signInStatus(fixture, webId, secret)).toEqual({ status: 403, error: 'mfa_required' });
    expect(await signInStatus(fixture, webId, `${secret}x`)).toMatchObject({ status: 401 });
    const web = expectOk(await fixture.server.management<WireClient>('GET', `/api/v2/clients/${webId}`));
    expect(web).toMatchObject({ name: 'Payroll', app_type: 'regular_web' });
    expect(web.grant_types?.sort()).toEqual(
      [
        'password',
        'http://auth0.com/oauth/grant-type/password-realm',
        'http://auth0.com/oauth/grant-type/mfa-otp',
        'http://auth0.com/oauth/grant-type/mfa-oob',
        'http://auth0.com/oauth/grant-type/mfa-recovery-code',
        'refresh_token',
      ].sort(),
    );
    expect(await rowOf(page, webId).locator('td').nth(2).textContent()).toBe('regular_web');
    await saveScreenshot(page, 'admin-applications-secret');

    await page.getByRole('region', { name: 'Client secret of Payroll' }).getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').filter({ hasText: /^Copied\. The clipboard clears in \d+ seconds\.$/ }).waitFor({ timeout: WAIT_MS });
    expect(fixture.bridge.clipboard.text).toBe(secret);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByRole('region', { name: /^Client secret of / }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    const machineId = await createApp(page, 'Nightly sync', /^Machine to machine/);
    expect(expectOk(await fixture.server.management<WireClient>('GET', `/api/v2/clients/${machineId}`))).toMatchObject({
      name: 'Nightly sync',
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
    });
    expect(await rowOf(page, machineId).locator('td').nth(3).textContent()).toBe('client_credentials');
    expect((await serverClients(fixture)).length).toBe(clients.length + 2);
  }, TEST_MS);

  it('rotates a secret and deletes an application after an in-place confirm that Escape cancels', async ({ fixture }) => {
    const page = await openApplications(fixture);
    const appId = await createApp(page, 'Payroll', /^Password \+ MFA/);
    const first = (await secretShown(page).textContent()) ?? '';
    await page.getByRole('button', { name: 'Done' }).click();

    const rotate = page.getByRole('button', { name: 'Rotate secret of Payroll' });
    await rotate.click();
    const question = page.getByRole('alertdialog');
    expect(await question.textContent()).toContain('Rotate the secret of Payroll?');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Rotate secret');
    await saveScreenshot(page, 'admin-applications-rotate-confirm');
    await page.keyboard.press('Escape');
    expect(await question.count()).toBe(0);
    expect(await rotate.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    expect(await signInStatus(fixture, appId, first)).toEqual({ status: 403, error: 'mfa_required' });

    // By keyboard: Enter opens the question, Enter on its focused button confirms.
    await page.keyboard.press('Enter');
    await question.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Rotated the secret of Payroll: the old one no longer works.' }).waitFor({ timeout: WAIT_MS });
    const second = (await secretShown(page).textContent()) ?? '';
    expect(second).not.toBe(first);
    expect(await signInStatus(fixture, appId, first)).toMatchObject({ status: 401 });
    expect(await signInStatus(fixture, appId, second)).toEqual({ status: 403, error: 'mfa_required' });
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Delete Payroll' }).click();
    expect(await question.textContent()).toContain('Delete Payroll?');
    await saveScreenshot(page, 'admin-applications-delete-confirm');
    await question.getByRole('button', { name: 'Delete application' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted Payroll.' }).waitFor({ timeout: WAIT_MS });
    await rowOf(page, appId).waitFor({ state: 'detached', timeout: WAIT_MS });
    expect((await fixture.server.management('GET', `/api/v2/clients/${appId}`)).status).toBe(404);
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'admin-applications-dark');
  }, TEST_MS);
});
