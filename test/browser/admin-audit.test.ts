import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { AdminConsole } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { expectOk } from '../helpers/push.js';

/** The Audit log screen, in Chromium, against a real seeded Tessera: what it lists and exports is what the server's log holds. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;
const PER_PAGE = 25;

interface WireLog {
  log_id: string;
  type: string;
  description?: string;
  user_id?: string;
  user_name?: string;
  details?: Record<string, unknown>;
}

async function openAudit(fixture: AdminConsole): Promise<Page> {
  await fixture.open();
  const { page } = fixture;
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Audit log' }).click();
  await events(page).waitFor({ timeout: WAIT_MS });
  return page;
}

const events = (page: Page) => page.getByRole('table', { name: 'Audit log events' });
const filters = (page: Page) => page.getByRole('form', { name: 'Audit log filters' });

async function listedIds(page: Page): Promise<string[]> {
  return events(page).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-log-id') ?? ''));
}

/** The server's log, newest first, as the Management API pages it. */
async function serverLogs(fixture: AdminConsole, q: string, page = 0, perPage = 100): Promise<{ logs: WireLog[]; total: number }> {
  const query = new URLSearchParams({ page: String(page), per_page: String(perPage), include_totals: 'true', sort: 'date:-1', ...(q ? { q } : {}) });
  return expectOk(await fixture.server.management<{ logs: WireLog[]; total: number }>('GET', `/api/v2/logs?${query}`));
}

async function pager(page: Page, text: string): Promise<void> {
  await page.locator('.admin-pager').getByText(text, { exact: true }).waitFor({ timeout: WAIT_MS });
}

async function applyType(page: Page, code: string): Promise<void> {
  await filters(page).getByLabel('Type').selectOption(code);
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
}

function firstRow(page: Page): Locator {
  return events(page).locator('tbody tr').first();
}

describe('the admin console: Audit log', () => {
  it('lists the log newest first with paging, filters it by type and user, and shows one event in a drawer that Escape closes', async ({ fixture }) => {
    const page = await openAudit(fixture);
    const all = await serverLogs(fixture, '', 0, PER_PAGE);
    expect(all.total).toBeGreaterThan(PER_PAGE);
    await pager(page, `Events 1–${PER_PAGE} of ${all.total}`);
    expect(await listedIds(page)).toEqual(all.logs.map((log) => log.log_id));
    await saveScreenshot(page, 'admin-audit');

    // The server goes on logging while the test runs (under load, a burst can land between two
    // fetches), and offset paging shifts with every new entry, on Auth0 as here. So the second page is
    // checked for what paging promises: consecutive entries of the log, after the first 25.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('.admin-pager').getByText(new RegExp(`^Events ${PER_PAGE + 1}–\\d+ of \\d+$`)).waitFor({ timeout: WAIT_MS });
    const shown = await listedIds(page);
    const current = (await serverLogs(fixture, '', 0, 100)).logs.map((log) => log.log_id);
    const start = current.indexOf(shown[0] ?? '');
    expect(start).toBeGreaterThanOrEqual(PER_PAGE);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(current.slice(start, start + shown.length));

    // Each person who enrolled (OTP or push) completed one enrollment: the seed is the oracle.
    const enrolled = fixture.people.filter((person) => person.mfa !== 'none');
    await applyType(page, 'gd_enrollment_complete');
    await pager(page, `Events 1–${enrolled.length} of ${enrolled.length}`);
    const typed = await serverLogs(fixture, 'type:gd_enrollment_complete');
    expect(await listedIds(page)).toEqual(typed.logs.map((log) => log.log_id));
    expect((await events(page).locator('tbody tr td:nth-child(4)').allTextContents()).sort()).toEqual(enrolled.map((person) => person.email).sort());

    const ada = fixture.person('ada.lovelace@example.com');
    await filters(page).getByLabel('User id').fill(ada.userId);
    await filters(page).getByLabel('User id').press('Enter');
    await pager(page, 'Events 1–1 of 1');
    const [adaEvent] = (await serverLogs(fixture, `type:gd_enrollment_complete AND user_id:"${ada.userId}"`)).logs;
    expect(await listedIds(page)).toEqual([adaEvent!.log_id]);

    const open = firstRow(page).getByRole('button');
    await open.click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    expect(await drawer.getByRole('heading', { level: 3 }).textContent()).toBe(await firstRow(page).locator('td').nth(1).textContent());
    const wire = expectOk(await fixture.server.management<WireLog>('GET', `/api/v2/logs/${adaEvent!.log_id}`));
    expect(JSON.parse((await drawer.getByLabel('Event details').textContent()) ?? '')).toEqual(wire.details);
    const facts = await drawer.locator('dl').innerText();
    expect(facts).toContain(ada.userId);
    expect(facts).toContain(adaEvent!.log_id);
    expect(facts).toContain('gd_enrollment_complete');
    await saveScreenshot(page, 'admin-audit-drawer');
    await page.keyboard.press('Escape');
    expect(await drawer.count()).toBe(0);
    expect(await open.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);

    // A range that ends before it starts is refused on the page; one in the future lists nothing.
    await filters(page).getByLabel('From', { exact: true }).fill('2099-01-02');
    await filters(page).getByLabel('To', { exact: true }).fill('2099-01-01');
    expect(await filters(page).getByRole('alert').textContent()).toBe('The From date is after the To date: change one of them.');
    expect(await filters(page).getByRole('button', { name: 'Apply filters' }).isDisabled()).toBe(true);
    await filters(page).getByLabel('To', { exact: true }).fill('2099-01-03');
    await filters(page).getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No events match these filters.').waitFor({ timeout: WAIT_MS });
    await pager(page, 'No events');
  }, TEST_MS);

  it('exports the filtered set as JSON and CSV, and the live tail adds new events at the top', async ({ fixture }) => {
    const page = await openAudit(fixture);
    await applyType(page, 'gd_enrollment_complete');
    const typed = await serverLogs(fixture, 'type:gd_enrollment_complete');
    await pager(page, `Events 1–${typed.total} of ${typed.total}`);

    await page.getByRole('button', { name: 'Export JSON' }).click();
    const jsonPath = join(fixture.bridge.saveDir, 'tessera-audit-log.json');
    await page.getByRole('status').filter({ hasText: `Exported the filtered events as JSON to ${jsonPath}.` }).waitFor({ timeout: WAIT_MS });
    const exported = JSON.parse(readFileSync(jsonPath, 'utf8')) as { logId: string; type: string; userId: string }[];
    expect(exported.map((event) => event.logId)).toEqual(typed.logs.map((log) => log.log_id));
    expect(exported.map((event) => [event.type, event.userId])).toEqual(typed.logs.map((log) => [log.type, log.user_id]));

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvPath = join(fixture.bridge.saveDir, 'tessera-audit-log.csv');
    await page.getByRole('status').filter({ hasText: `Exported the filtered events as CSV to ${csvPath}.` }).waitFor({ timeout: WAIT_MS });
    const lines = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    const [header, ...rows] = lines.slice(0, -1);
    const columns = header!.split(',');
    expect(columns).toEqual(expect.arrayContaining(['date', 'type', 'userId', 'logId']));
    expect(rows.map((row) => row.split(',')[columns.indexOf('logId')])).toEqual(typed.logs.map((log) => log.log_id));
    expect(new Set(rows.map((row) => row.split(',')[columns.indexOf('type')]))).toEqual(new Set(['gd_enrollment_complete']));

    await filters(page).getByRole('button', { name: 'Clear' }).click();
    const before = await serverLogs(fixture, '', 0, PER_PAGE);
    await pager(page, `Events 1–${PER_PAGE} of ${before.total}`);
    // The tail's checkpoint (the newest event) is read when Live turns on: wait for that answer, then write.
    const logAnswers = () => fixture.bridge.responses.filter((response) => response.channel === 'admin:logs').length;
    const answered = logAnswers();
    await page.getByRole('switch', { name: /^Live/ }).check();
    await expect.poll(logAnswers, { timeout: WAIT_MS }).toBe(answered + 1);
    const grace = fixture.person('grace.hopper@example.com');
    expectOk(await fixture.server.management('POST', `/api/v2/users/${encodeURIComponent(grace.userId)}/multifactor/actions/unlock-push`), 204);
    const unlockRow = events(page).locator('tbody tr.admin-new').filter({ hasText: 'Unlock push notifications' });
    await unlockRow.waitFor({ timeout: WAIT_MS });
    const after = await serverLogs(fixture, '', 0, 5);
    const unlock = after.logs.find((log) => log.description === 'Unlock push notifications');
    expect(unlock?.user_id).toBe(grace.userId);
    expect(await unlockRow.getAttribute('data-log-id')).toBe(unlock!.log_id);
    expect(await unlockRow.locator('td').first().textContent()).toMatch(/new$/);
    // Everything written since Live turned on is on top, marked new, and the old first page follows.
    const newer = after.logs.filter((log) => log.log_id > before.logs[0]!.log_id).map((log) => log.log_id);
    await expect.poll(() => listedIds(page), { timeout: WAIT_MS }).toEqual([...newer, ...before.logs.map((log) => log.log_id)]);
    expect(await events(page).locator('tbody tr.admin-new').count()).toBe(newer.length);
    await saveScreenshot(page, 'admin-audit-live');
    await page.getByRole('switch', { name: /^Live/ }).uncheck();
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'admin-audit-dark');
  }, TEST_MS);
});
