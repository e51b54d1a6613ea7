import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import type { AdminConsole } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { startLogReceiver, type LogReceiver } from '../helpers/log-receiver.js';
import { expectOk } from '../helpers/push.js';
import { PASSWORD } from '../helpers/server.js';

/** The Log streams screen and the alert banner, in Chromium, against a real seeded Tessera and a real loopback receiver. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;
const AUTHORIZATION = 'Bearer receiver-secret-typed-once';

interface WireStream {
  id: string;
  name: string;
  status: string;
  sink: Record<string, unknown>;
}

const table = (page: Page) => page.getByRole('table', { name: 'Log streams' });
const rowNamed = (page: Page, name: string): Locator => table(page).locator('tbody tr', { hasText: name });
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name });
const banner = (page: Page) => page.getByRole('region', { name: 'Security alerts in the last 24 hours' });

async function serverStreams(fixture: AdminConsole): Promise<WireStream[]> {
  return expectOk(await fixture.server.management<WireStream[]>('GET', '/api/v2/log-streams'));
}

async function statusShows(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
}

describe('the admin console: Log streams and alerts', () => {
  let receiver: LogReceiver;

  beforeEach(async () => {
    receiver = await startLogReceiver();
  });
  afterEach(async () => {
    await receiver?.close();
  });

  it('creates a stream to a loopback receiver, shows it active, pauses, resumes and deletes it in place', async ({ fixture }) => {
    await fixture.open();
    const { page } = fixture;
    await nav(page, 'Log streams').click();
    await page.getByText('No log streams').waitFor({ timeout: WAIT_MS });

    const form = page.getByRole('form', { name: 'Create a log stream' });
    await form.getByLabel('Name').fill('SIEM');
    await form.getByLabel('Endpoint').fill(receiver.url);
    await form.getByLabel(/^Authorization header/).fill(AUTHORIZATION);
    await form.getByLabel('Format').selectOption('JSONARRAY');
    await form.getByRole('button', { name: 'Create stream' }).click();
    await statusShows(page, `Created SIEM: events now go to ${receiver.url}.`);
    expect(await form.getByLabel(/^Authorization header/).inputValue()).toBe('');

    const row = rowNamed(page, 'SIEM');
    expect(await row.locator('td').allTextContents()).toEqual(['SIEM', 'active', receiver.url, 'JSONARRAY', 'Send test eventPauseDelete']);
    const [stream] = await serverStreams(fixture);
    expect(stream).toMatchObject({ name: 'SIEM', status: 'active', sink: { httpEndpoint: receiver.url, httpContentFormat: 'JSONARRAY' } });
    // The typed header reaches the receiver, and never comes back to the page.
    await receiver.until(() => receiver.requests.length >= 1);
    expect(receiver.requests[0]?.headers.authorization).toBe(AUTHORIZATION);
    expect(fixture.bridge.responses.filter(({ body }) => body.includes('receiver-secret-typed-once'))).toEqual([]);
    await saveScreenshot(page, 'admin-log-streams');

    await row.getByRole('button', { name: 'Pause SIEM' }).click();
    await statusShows(page, 'Paused SIEM.');
    expect(await row.locator('td').nth(1).textContent()).toBe('paused');
    expect((await serverStreams(fixture))[0]?.status).toBe('paused');

    await row.getByRole('button', { name: 'Resume SIEM' }).click();
    await statusShows(page, 'Resumed SIEM.');
    expect(await row.locator('td').nth(1).textContent()).toBe('active');
    expect((await serverStreams(fixture))[0]?.status).toBe('active');

    await row.getByRole('button', { name: 'Delete SIEM' }).click();
    const confirm = page.getByRole('alertdialog', { name: /^Delete SIEM\?/ });
    await confirm.waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached', timeout: WAIT_MS });
    expect(await serverStreams(fixture)).toHaveLength(1);
    await row.getByRole('button', { name: 'Delete SIEM' }).click();
    await saveScreenshot(page, 'admin-log-streams-delete');
    await confirm.getByRole('button', { name: 'Delete stream' }).click();
    await statusShows(page, 'Deleted SIEM.');
    await page.getByText('No log streams').waitFor({ timeout: WAIT_MS });
    expect(await serverStreams(fixture)).toEqual([]);
  }, TEST_MS);

  it('sends a test event from the row, and shows the last delivery error under the status', async ({ fixture }) => {
    receiver.answer(500);
    const sink = { httpEndpoint: receiver.url, httpContentFormat: 'JSONOBJECT' };
    const { id } = expectOk(await fixture.server.management<WireStream>('POST', '/api/v2/log-streams', { name: 'Flaky', type: 'http', sink }));
    // The stream's own first delivery (its creation event) fails: the server records it.
    await expect
      .poll(async () => (await serverStreams(fixture)).find((stream) => stream.id === id)?.['tessera_last_error' as keyof WireStream], { timeout: WAIT_MS })
      .toMatchObject({ message: 'HTTP 500 from the endpoint' });
    await fixture.open();
    const { page } = fixture;
    await nav(page, 'Log streams').click();
    const row = rowNamed(page, 'Flaky');
    await row.waitFor({ timeout: WAIT_MS });
    expect(await row.locator('td').nth(1).textContent()).toMatch(/^activeLast error .+: HTTP 500 from the endpoint$/);

    await row.getByRole('button', { name: 'Send a test event to Flaky' }).click();
    await row.getByRole('status').filter({ hasText: 'Test event not delivered: HTTP 500 from the endpoint' }).waitFor({ timeout: WAIT_MS });
    await saveScreenshot(page, 'admin-log-streams-test-failed');

    receiver.answer(200);
    await row.getByRole('button', { name: 'Send a test event to Flaky' }).click();
    await row.getByRole('status').filter({ hasText: 'Test event delivered' }).waitFor({ timeout: WAIT_MS });
    const delivered = receiver.requests.filter((r) => r.status === 200).map((r) => JSON.parse(r.body) as { data: { type: string } });
    expect(delivered.map((event) => event.data.type)).toContain('tessera_log_stream_test');
  }, TEST_MS);

  it('shows no banner, then one naming the client after ten MFA resets, with a way to the audit log', async ({ fixture }) => {
    await fixture.open();
    const { page } = fixture;
    await page.getByRole('checkbox', { name: 'Select every user on this page' }).waitFor({ timeout: WAIT_MS });
    const alertAnswers = () => fixture.bridge.responses.filter(({ channel }) => channel === 'admin:recentAlerts').map(({ body }) => JSON.parse(body) as unknown);
    await expect.poll(() => alertAnswers().length, { timeout: WAIT_MS }).toBeGreaterThan(0);
    expect(alertAnswers()).toContainEqual({ ok: true, value: [] });
    expect(await banner(page).count()).toBe(0);

    // Ten people reset by one Management client within minutes: the server writes mass_mfa_reset.
    for (let i = 0; i < 10; i++) {
      const user = expectOk(
        await fixture.server.management<{ user_id: string }>('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: `reset${i}@example.com`, password: PASSWORD }),
        201,
      );
      // A reset counts when it removes something: each has an authenticator app first.
      const methods = `/api/v2/users/${encodeURIComponent(user.user_id)}/authentication-methods`;
      expectOk(await fixture.server.management('POST', methods, { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' }), 201);
      expectOk(await fixture.server.management('DELETE', `/api/v2/users/${encodeURIComponent(user.user_id)}/authenticators`), 204);
    }
    // The banner asks again whenever the admin changes screen.
    await nav(page, 'Log streams').click();
    await banner(page).waitFor({ timeout: WAIT_MS });
    expect(await banner(page).locator('li').allTextContents()).toEqual([expect.stringMatching(/^10 MFA resets by client Tessera Admin \(Management API\) in 10 min \(.+\)$/)]);
    await saveScreenshot(page, 'admin-log-streams-alert');

    await banner(page).getByRole('button', { name: 'Open the audit log' }).click();
    expect(await nav(page, 'Audit log').getAttribute('aria-current')).toBe('page');
  }, TEST_MS);
});
