import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { AdminConsole } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it as consoleIt } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { expectOk } from '../helpers/push.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.js';

/** The Factors screen's Email card, in Chromium, against a real seeded Tessera sending through a real SMTP server. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

/** The shared console fixture, sending mail through this file's SMTP server (known only once it listens). */
const it = consoleIt.extend({
  // Vitest reads a fixture's dependencies from its first parameter's pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  consoleOptions: async ({}, use) => use({ mail: { smtpUrl: smtp.url, from: 'Tessera <no-reply@tessera.test>' } }),
});

async function openEmail(fixture: AdminConsole): Promise<Locator> {
  await fixture.open();
  await fixture.page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Factors & policies' }).click();
  const card = fixture.page.getByRole('region', { name: 'Email' });
  await card.getByRole('button', { name: 'Save email template' }).waitFor({ timeout: WAIT_MS });
  return card;
}

async function status(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
}

describe('the admin console: the email factor', () => {
  it('switches email on, saves the code email (refusals inline), sends a test email; all survive a reload', async ({ fixture }) => {
    let card = await openEmail(fixture);
    const { page } = fixture;
    // The factor has one switch, in the Factors list above the card.
    expect(await card.getByRole('switch').count()).toBe(0);
    const factor = page.locator('li[data-factor="email"]').getByRole('switch');
    const wasOn = await factor.isChecked();
    await factor.click();
    await status(page, `Email is ${wasOn ? 'off' : 'on'}.`);
    if (wasOn) {
      await factor.click();
      await status(page, 'Email is on.');
    }
    const factors = expectOk(await fixture.server.management('GET', '/api/v2/guardian/factors')) as { name: string; enabled: boolean }[];
    expect(factors.find((entry) => entry.name === 'email')?.enabled).toBe(true);
    expect(await card.locator('[data-template-state]').getAttribute('data-template-state')).toBe('unsaved');

    // The server's own check, shown in the card; nothing is saved.
    await card.getByLabel('Body').fill('<p>Hello</p>');
    await card.getByRole('button', { name: 'Save email template' }).click();
    await card.getByRole('alert').waitFor({ timeout: WAIT_MS });
    expect(await card.getByRole('alert').textContent()).toBe("Payload validation error: 'The body must contain {{ code }}.' on property body.");
    expect((await fixture.server.management('GET', '/api/v2/email-templates/mfa_oob_code')).status).toBe(404);

    await card.getByLabel(/^From/).fill('Security <security@example.com>');
    await card.getByLabel('Subject').fill('Your code for {{ friendly_name }}');
    await card.getByLabel(/^Body/).fill('<p>Hello {{ user.email }}, your code is <b>{{ code }}</b>.</p>');
    await card.getByRole('button', { name: 'Save email template' }).click();
    await status(page, 'Email template saved.');
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(expectOk(await fixture.server.management('GET', '/api/v2/email-templates/mfa_oob_code'))).toEqual({
      template: 'mfa_oob_code', syntax: 'liquid', enabled: true, from: 'Security <security@example.com>', subject: 'Your code for {{ friendly_name }}',
      body: '<p>Hello {{ user.email }}, your code is <b>{{ code }}</b>.</p>',
    });

    await card.getByLabel('Email address').fill('admin@example.com');
    await card.getByRole('button', { name: 'Send a test email' }).click();
    await status(page, 'Test email sent through smtp');
    const mail = smtp.messages.at(-1);
    const code = /<b>(\d{6})<\/b>/.exec(mail?.html ?? '')?.[1] ?? '';
    expect(mail?.envelope).toEqual({ from: 'security@example.com', to: ['admin@example.com'] });
    expect(mail?.text).toBe(`Hello admin@example.com, your code is ${code}.\n`);
    expect(await page.content()).not.toContain(code);
    await saveScreenshot(page, 'admin-factors-email');

    card = await openEmail(fixture);
    expect(await page.locator('li[data-factor="email"]').getByRole('switch').isChecked()).toBe(true);
    expect(await card.locator('[data-template-state]').getAttribute('data-template-state')).toBe('enabled');
    expect(await card.getByLabel('Subject').inputValue()).toBe('Your code for {{ friendly_name }}');
    expect(await card.getByLabel(/^From/).inputValue()).toBe('Security <security@example.com>');
  }, TEST_MS);
});
