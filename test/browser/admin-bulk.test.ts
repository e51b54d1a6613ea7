import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { type AdminConsole, type SeededPerson } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { expectOk } from '../helpers/push.js';

/** The Bulk reset screen, in Chromium, against a real seeded Tessera: the preview matches the server, and the reset empties exactly those people. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;

async function openBulk(fixture: AdminConsole): Promise<Page> {
  await fixture.open();
  const { page } = fixture;
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Bulk reset' }).click();
  await page.getByRole('heading', { name: 'Bulk reset' }).waitFor({ timeout: WAIT_MS });
  return page;
}

const previewTable = (page: Page) => page.getByRole('table', { name: 'People who would be reset' });
const rowOf = (table: Locator, person: SeededPerson) => table.locator(`tr[data-user-id="${person.userId}"]`);

interface Method {
  type: string;
  /** Push lists the authenticators that go with it (its OTP) here. */
  authentication_methods?: { type: string }[];
}

/** The console's names for Auth0's authentication method types, written out as the test's oracle. */
const KIND_LABEL: Record<string, string> = { totp: 'One-time password', push: 'Push', 'recovery-code': 'Recovery code' };

/** The person's authentication methods as the Management API lists them. */
async function methods(fixture: AdminConsole, person: SeededPerson): Promise<Method[]> {
  return expectOk(await fixture.server.management<Method[]>('GET', `/api/v2/users/${encodeURIComponent(person.userId)}/authentication-methods`));
}

/** What a reset removes, by the server's account: each method, push with the OTP that goes with it. */
async function removable(fixture: AdminConsole, person: SeededPerson): Promise<string[]> {
  const types = (await methods(fixture, person)).flatMap((method) => method.authentication_methods?.map((linked) => linked.type) ?? [method.type]);
  return types.map((type) => KIND_LABEL[type] ?? type).sort();
}

async function removableCounts(fixture: AdminConsole, people: SeededPerson[]): Promise<number[]> {
  return Promise.all(people.map(async (person) => (await removable(fixture, person)).length));
}

async function kindsShown(table: Locator, person: SeededPerson): Promise<string[]> {
  return (await rowOf(table, person).locator('.admin-kinds li').allTextContents()).sort();
}

describe('the admin console: Bulk reset', () => {
  it('previews exactly who loses what, confirms by the typed count (Escape cancels), and follows the job to its results', async ({ fixture }) => {
    const page = await openBulk(fixture);
    const chosen = ['ada.lovelace@example.com', 'grace.hopper@example.com', 'edsger.dijkstra@example.com'].map((email) => fixture.person(email));
    const bystander = fixture.person('katherine.johnson@example.com');
    const expected = await Promise.all(chosen.map((person) => removable(fixture, person)));
    const counts = expected.map((kinds) => kinds.length);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(counts[2]).toBe(0);
    const total = counts.reduce((sum, count) => sum + count, 0);
    const bystanderBefore = await methods(fixture, bystander);

    // Pasted as people do: one per line, a comma, a repeat and blank lines.
    await page.getByRole('textbox', { name: /^User ids/ }).fill(`${chosen[0]!.userId}\n\n${chosen[1]!.userId}, ${chosen[2]!.userId}\n${chosen[0]!.userId}\n`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await previewTable(page).waitFor({ timeout: WAIT_MS });
    expect(await page.locator('.bulk-summary').textContent()).toBe(`3 people; ${total} authenticators would be removed.`);
    expect(await previewTable(page).locator('tbody tr').count()).toBe(3);
    for (const [index, person] of chosen.entries()) {
      expect(await rowOf(previewTable(page), person).locator('td').first().textContent()).toBe(person.email);
      expect(await kindsShown(previewTable(page), person)).toEqual(expected[index]);
    }
    expect(await rowOf(previewTable(page), chosen[2]!).locator('td').nth(2).textContent()).toBe('none');
    // A preview removes nothing.
    expect(await removableCounts(fixture, chosen)).toEqual(counts);
    await saveScreenshot(page, 'admin-bulk-preview');

    const resetButton = page.getByRole('button', { name: 'Reset 3 people…' });
    await resetButton.click();
    const question = page.getByRole('alertdialog');
    expect(await question.textContent()).toContain(`Remove ${total} authenticators from 3 people? This cannot be undone. Type “reset 3” to confirm.`);
    const typed = question.getByLabel('Type “reset 3”');
    expect(await typed.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(true);
    const confirm = question.getByRole('button', { name: 'Reset 3 people' });
    await typed.fill('reset 2');
    expect(await confirm.isDisabled()).toBe(true);
    await saveScreenshot(page, 'admin-bulk-confirm');
    await page.keyboard.press('Escape');
    expect(await question.count()).toBe(0);
    expect(await resetButton.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    expect(await removableCounts(fixture, chosen)).toEqual(counts);

    await page.keyboard.press('Enter');
    await typed.waitFor();
    expect(await typed.inputValue()).toBe('');
    await typed.fill('reset 3');
    await typed.press('Enter');
    await page.locator('.bulk-status').getByText('Done', { exact: true }).waitFor({ timeout: WAIT_MS });
    expect(await page.getByRole('progressbar', { name: 'Bulk reset progress' }).getAttribute('value')).toBe('3');
    expect(await page.getByRole('status').filter({ hasText: 'Reset 3 people;' }).textContent()).toBe(
      `Reset 3 people; removed ${total} authenticators. Each reset is in the audit log.`,
    );
    const results = page.getByRole('table', { name: 'Bulk reset results' });
    expect(await results.locator('tbody tr').count()).toBe(3);
    for (const [index, person] of chosen.entries()) expect(await kindsShown(results, person)).toEqual(expected[index]);
    await saveScreenshot(page, 'admin-bulk-done');

    expect(await removableCounts(fixture, chosen)).toEqual([0, 0, 0]);
    expect(await methods(fixture, bystander)).toEqual(bystanderBefore);
    const logs = expectOk(await fixture.server.management<{ user_id?: string; description?: string }[]>('GET', '/api/v2/logs?q=type:sapi&per_page=100'));
    const audited = logs.filter((log) => log.description === 'Delete all authenticators (bulk MFA reset)').map((log) => log.user_id);
    expect(audited.sort()).toEqual(chosen.map((person) => person.userId).sort());
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'admin-bulk-done-dark');
  }, TEST_MS);

  it('previews a search, says what is missing when the selection is empty, and needs a new preview after an edit', async ({ fixture }) => {
    const page = await openBulk(fixture);
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Enter at least one user id, one per line or separated by commas.');

    await page.getByRole('radio', { name: 'Search' }).check();
    await page.getByLabel(/^Search \(/).fill('email:katherine*');
    await page.getByLabel(/^Search \(/).press('Enter');
    await previewTable(page).waitFor({ timeout: WAIT_MS });
    const katherine = fixture.person('katherine.johnson@example.com');
    const count = (await removable(fixture, katherine)).length;
    expect(await page.locator('.bulk-summary').textContent()).toBe(`1 person; ${count} authenticator${count === 1 ? '' : 's'} would be removed.`);
    expect(await previewTable(page).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-user-id')))).toEqual([katherine.userId]);

    await page.getByLabel(/^Search \(/).fill('email:nobody*');
    expect(await previewTable(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Reset / }).count()).toBe(0);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.bulk-summary').getByText('Nobody matches this selection.').waitFor({ timeout: WAIT_MS });
    expect(await removable(fixture, katherine)).toHaveLength(count);
  }, TEST_MS);
});
