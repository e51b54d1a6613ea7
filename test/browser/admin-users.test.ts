import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { issuedTokens, secretsSeenByPage, type SeededPerson } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { freePort } from '../helpers/process.js';

/** The Admin section's connection bar and Users screen, in Chromium, against a real seeded Tessera. */

const WAIT_MS = 20_000;
/** Generous on a busy machine, on top of the console's start (seeding twelve people over real HTTP). */
const TEST_MS = CONSOLE_START_MS + 180_000;

function usersTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Users' });
}

function rowOf(page: Page, email: string): Locator {
  return usersTable(page).getByRole('row').filter({ has: page.getByRole('button', { name: email, exact: true }) });
}

/** The emails in the table, in order. */
async function listedEmails(page: Page): Promise<string[]> {
  return usersTable(page).locator('tbody tr td:nth-child(2) button').allTextContents();
}

async function shows(page: Page, range: string): Promise<void> {
  await page.locator('.admin-paging [role="status"]').getByText(range, { exact: true }).waitFor({ timeout: WAIT_MS });
}

const sorted = (people: SeededPerson[]) => people.map((person) => person.email).sort();

describe('the admin console: connection and Users', { timeout: TEST_MS }, () => {
  describe('without a connection', { timeout: TEST_MS }, () => {
    it.override({ consoleOptions: { connect: false } });

    it('adds a remote connection from the form: a wrong secret is refused and nothing is saved, the right one lists the tenant', async ({ fixture }) => {
      const { page, server, admin } = fixture;
      await fixture.open();
      await page.getByRole('button', { name: 'Add a remote connection…' }).click();
      const form = page.getByRole('form', { name: 'Add a remote connection' });
      await form.getByLabel('Server URL').fill(server.issuer);
      await form.getByLabel('Client ID').fill(admin.clientId);
      await form.getByLabel('Client secret').fill('not-the-secret');
      await form.getByRole('button', { name: 'Check and save' }).click();
      const refusal = form.getByRole('alert');
      await refusal.waitFor({ timeout: WAIT_MS });
      expect(await refusal.textContent()).toMatch(/secret|credentials|refused/i);
      expect(await form.getByLabel('Client secret').inputValue()).toBe('');
      const saved = await fixture.bridge.desktop.admin.connections();
      expect(saved.filter((connection) => connection.kind === 'remote')).toEqual([]);
      await saveScreenshot(page, 'admin-users-connect-refused');

      await form.getByLabel('Client secret').fill(admin.clientSecret);
      await form.getByRole('button', { name: 'Check and save' }).click();
      await form.waitFor({ state: 'detached', timeout: WAIT_MS });
      const host = new URL(server.issuer).host;
      const chosen = page.getByLabel('Connection');
      // The bar reloads its connections on main's `admin` change, after the form has gone.
      await expect.poll(() => chosen.locator('option:checked').textContent(), { timeout: WAIT_MS }).toBe(`${host} (${server.issuer})`);
      await shows(page, `1–12 of 12`);
      expect((await listedEmails(page)).sort()).toEqual(sorted(fixture.people));
      const [remote] = (await fixture.bridge.desktop.admin.connections()).filter((connection) => connection.kind === 'remote');
      expect(remote).toMatchObject({ baseUrl: server.issuer, clientId: admin.clientId, secretStored: true, active: true, audience: `${server.issuer}api/v2/` });
      await saveScreenshot(page, 'admin-users-connected');

      expect(issuedTokens(fixture).length).toBeGreaterThan(0);
      expect(await secretsSeenByPage(fixture)).toEqual([]);
    });
  });

  describe('connected to the seeded tenant', { timeout: TEST_MS }, () => {
    it('lists everyone with email, user id, MFA kinds (or "none"), last login and created', async ({ fixture }) => {
      const { page, people } = fixture;
      await fixture.open();
      await shows(page, '1–12 of 12');
      const headers = await usersTable(page).locator('thead th').allTextContents();
      expect(headers.slice(1)).toEqual(['Email', 'User ID', 'MFA', 'Last login', 'Created']);
      for (const person of people) {
        const cells = rowOf(page, person.email).getByRole('cell');
        expect(await cells.nth(2).textContent()).toBe(person.userId);
        const mfa = (await cells.nth(3).textContent()) ?? '';
        if (person.mfa === 'none') expect(mfa).toBe('none');
        if (person.mfa === 'otp') expect(mfa).toBe('OTP');
        if (person.mfa.startsWith('push')) expect(mfa).toContain('Push');
        // Everyone signed up just now; those who enrolled signed in to do it.
        expect(await cells.nth(5).textContent()).not.toBe('—');
        if (person.mfa !== 'none') expect(await cells.nth(4).textContent()).not.toBe('never');
      }
      expect(await rowOf(page, fixture.person('alan.turing@example.com').email).textContent()).toContain('push locked');
      await saveScreenshot(page, 'admin-users-list');
      await page.emulateMedia({ colorScheme: 'dark' });
      await saveScreenshot(page, 'admin-users-list-dark');
      expect(await secretsSeenByPage(fixture)).toEqual([]);
    });

    it('searches by prefix, filters by enrollment and push lock, and pages with totals', async ({ fixture }) => {
      const { page, people } = fixture;
      await fixture.open();
      await shows(page, '1–12 of 12');

      await page.getByLabel('Search users').fill('email:a*');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await shows(page, '1–2 of 2');
      expect((await listedEmails(page)).sort()).toEqual(['ada.lovelace@example.com', 'alan.turing@example.com']);
      await saveScreenshot(page, 'admin-users-search');

      await page.getByLabel('Search users').fill('');
      await page.getByRole('button', { name: 'Search', exact: true }).press('Enter');
      const chips = page.getByRole('group', { name: 'Show' });
      const enrolled = people.filter((person) => person.mfa !== 'none');
      await chips.getByRole('button', { name: 'MFA enrolled' }).click();
      await shows(page, `1–${enrolled.length} of ${enrolled.length}`);
      expect((await listedEmails(page)).sort()).toEqual(sorted(enrolled));
      expect(await chips.getByRole('button', { name: 'MFA enrolled' }).getAttribute('aria-pressed')).toBe('true');

      const notEnrolled = people.filter((person) => person.mfa === 'none');
      await chips.getByRole('button', { name: 'Not enrolled' }).click();
      await shows(page, `1–${notEnrolled.length} of ${notEnrolled.length}`);
      expect((await listedEmails(page)).sort()).toEqual(sorted(notEnrolled));

      await chips.getByRole('button', { name: 'Push locked' }).click();
      await shows(page, '1–1 of 1');
      expect(await listedEmails(page)).toEqual(['alan.turing@example.com']);
      await saveScreenshot(page, 'admin-users-push-locked');

      await chips.getByRole('button', { name: 'Everyone' }).click();
      await page.getByLabel('Per page').selectOption('10');
      await shows(page, '1–10 of 12');
      const first = await listedEmails(page);
      expect(first).toHaveLength(10);
      expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Next page' }).click();
      await shows(page, '11–12 of 12');
      const second = await listedEmails(page);
      expect([...first, ...second].sort()).toEqual(sorted(people));
      expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
      await saveScreenshot(page, 'admin-users-page-2');
      await page.getByRole('button', { name: 'Previous page' }).click();
      await shows(page, '1–10 of 12');
    });

    it('switches to "This computer", which starts the embedded server and manages its own tenant', async ({ fixture }) => {
      const { page, bridge } = fixture;
      const port = await freePort();
      const saved = await bridge.desktop.handlers['settings:update']({ serverPort: port });
      expect(saved.ok).toBe(true);
      await fixture.open();
      await shows(page, '1–12 of 12');
      const embedded = (await bridge.desktop.admin.connections()).find((connection) => connection.kind === 'embedded');
      // Main's switch held until the test lets it go: meanwhile the bar says so, and the remote tenant's
      // screens, still shown, take no input (typed text would be lost, an action would hit the tenant being left).
      const useConnection = bridge.desktop.handlers['admin:useConnection'];
      let letGo = () => {};
      const held = new Promise<void>((resolve) => (letGo = resolve));
      bridge.desktop.handlers['admin:useConnection'] = async (id) => (await held, useConnection(id));
      const remotePeople = await listedEmails(page);
      const tenant = page.locator('.admin-tenant');
      const tenantState = () => tenant.evaluate((element) => [element.hasAttribute('inert'), element.getAttribute('aria-busy')]);
      const searchBox = page.getByLabel('Search users');
      const searchTakesFocus = () => searchBox.evaluate((input) => (input.focus(), input.ownerDocument.activeElement === input));
      try {
        await page.getByLabel('Connection').selectOption({ label: embedded!.label });
        await page.getByRole('status').filter({ hasText: /^Connecting…$/ }).waitFor({ timeout: WAIT_MS });
        // The choice shows where the console is going; the screens below are still the remote tenant's.
        expect(await page.getByLabel('Connection').inputValue()).toBe(embedded!.id);
        expect(await page.getByRole('button', { name: 'Remove this connection…' }).isDisabled()).toBe(true);
        expect(await tenantState()).toEqual([true, 'true']);
        expect(await searchTakesFocus()).toBe(false);
        expect(await listedEmails(page)).toEqual(remotePeople);
        await saveScreenshot(page, 'admin-users-switching');
      } finally {
        // Never left holding main's switch, so a failure above cannot stall the fixture's close.
        letGo();
      }
      await page.getByText('The server built into Tessera, on this computer.').waitFor({ timeout: WAIT_MS });
      // A fresh embedded tenant: nobody yet, and none of the remote tenant's people.
      await shows(page, '0–0 of 0');
      // The bar clears its busy state in an effect of its own render: polled, not assumed done by now.
      await expect.poll(tenantState, { timeout: WAIT_MS }).toEqual([false, 'false']);
      expect(await searchTakesFocus()).toBe(true);
      expect(bridge.desktop.server.status()).toMatchObject({ state: 'running', url: `http://127.0.0.1:${port}/` });
      const [active] = (await bridge.desktop.admin.connections()).filter((connection) => connection.active);
      expect(active).toMatchObject({ kind: 'embedded', baseUrl: `http://127.0.0.1:${port}/` });
      await saveScreenshot(page, 'admin-users-this-computer');
      expect(await secretsSeenByPage(fixture)).toEqual([]);
    });

    it('hands a multi-page selection to Bulk reset, by keyboard', async ({ fixture }) => {
      const { page } = fixture;
      const ada = fixture.person('ada.lovelace@example.com');
      const radia = fixture.person('radia.perlman@example.com');
      await fixture.open();
      await page.getByLabel('Per page').selectOption('10');
      await shows(page, '1–10 of 12');
      const emails = await listedEmails(page);
      const onFirst = [ada, radia].find((person) => emails.includes(person.email)) ?? ada;
      await page.getByRole('checkbox', { name: `Select ${onFirst.email}` }).focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Next page' }).click();
      await shows(page, '11–12 of 12 · 1 selected');
      const [other] = await listedEmails(page);
      await page.getByRole('checkbox', { name: `Select ${other}` }).check();
      await shows(page, '11–12 of 12 · 2 selected');
      await saveScreenshot(page, 'admin-users-selection');

      await page.getByRole('button', { name: 'Reset MFA for 2…' }).click();
      const bulkTab = page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Bulk reset' });
      expect(await bulkTab.getAttribute('aria-current')).toBe('page');
      const ids = await page.getByLabel('User ids (one per line, or separated by commas)').inputValue();
      const otherId = fixture.person(other!).userId;
      expect(ids.split(/\s+/).sort()).toEqual([onFirst.userId, otherId].sort());
    });
  });
});
