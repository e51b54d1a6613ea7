import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { secretsSeenByPage, type AdminConsole } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { expectOk } from '../helpers/push.js';

/** The Factors screen's Phone card, in Chromium, against a real seeded Tessera: each part lands on the server and survives a reload. */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium and the SDK), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 120_000;
const TOKEN = 'twilio-token-typed-once-5f1c0a9e7d';
const SECRET = 'webhook-secret-typed-once-77aa';

async function openPhone(fixture: AdminConsole): Promise<Locator> {
  await fixture.open();
  const { page } = fixture;
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'Factors & policies' }).click();
  const card = page.getByRole('region', { name: 'Phone (SMS and voice)' });
  await card.getByRole('button', { name: 'Save templates' }).waitFor({ timeout: WAIT_MS });
  return card;
}

async function status(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
}

const phone = (fixture: AdminConsole, path: string) => fixture.server.management('GET', `/api/v2/guardian/factors/${path}`);

/** Every place the page could hold a typed secret: the channel answers it received and its DOM (the inputs' values included). */
async function pageHolds(fixture: AdminConsole, secret: string): Promise<string[]> {
  const answers = fixture.bridge.responses.filter(({ body }) => body.includes(secret)).map(({ channel }) => `${channel} answer`);
  const values = await fixture.page.locator('input, textarea').evaluateAll((inputs) => inputs.map((input) => (input as { value: string }).value));
  const dom = (await fixture.page.content()).includes(secret) ? ['the page'] : [];
  return [...answers, ...dom, ...values.filter((value) => value.includes(secret)).map(() => 'an input')];
}

describe('the admin console: the phone factor', () => {
  it('configures Twilio (the token never comes back), message types and templates; all survive a reload', async ({ fixture }) => {
    let card = await openPhone(fixture);
    const { page } = fixture;
    expect(await card.getByRole('radio', { name: 'SMS only' }).isChecked()).toBe(true);
    expect(await card.getByRole('radio', { name: 'Twilio' }).isChecked()).toBe(true);

    await card.getByLabel('Account SID').fill('AC0123456789abcdef');
    await card.getByLabel(/^Auth token/).fill(TOKEN);
    await card.getByLabel(/^From number/).fill('+15005550006');
    await card.getByRole('button', { name: 'Save Twilio' }).click();
    await status(page, 'Twilio settings saved.');
    expect(await card.locator('[data-token-state]').textContent()).toBe('(set; type a new one to replace it)');
    expect(await card.getByLabel(/^Auth token/).inputValue()).toBe('');
    expect(expectOk(await phone(fixture, 'phone/providers/twilio'))).toEqual({ sid: 'AC0123456789abcdef', from: '+15005550006', messaging_service_sid: null, auth_token_configured: true });

    await card.getByRole('radio', { name: /^SMS and voice/ }).click();
    await status(page, 'Phone codes go by sms and voice.');
    expect(expectOk(await phone(fixture, 'phone/message-types'))).toEqual({ message_types: ['sms', 'voice'] });

    // The server's own template check, shown in the card; nothing is saved.
    const before = expectOk(await phone(fixture, 'sms/templates'));
    await card.getByLabel('Verification message').fill('Your code is ready');
    await card.getByRole('button', { name: 'Save templates' }).click();
    await card.getByRole('alert').waitFor({ timeout: WAIT_MS });
    expect(await card.getByRole('alert').textContent()).toBe("Payload validation error: 'The template must contain {{code}}.' on property verification_message.");
    expect(expectOk(await phone(fixture, 'sms/templates'))).toEqual(before);
    await saveScreenshot(page, 'admin-factors-phone-invalid-template');

    await card.getByLabel('Verification message').fill('{{code}} signs you in to {{tenant.friendly_name}}');
    await card.getByRole('button', { name: 'Save templates' }).click();
    await status(page, 'Templates saved.');
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(expectOk(await phone(fixture, 'sms/templates'))).toEqual({ ...(before as object), verification_message: '{{code}} signs you in to {{tenant.friendly_name}}' });
    await saveScreenshot(page, 'admin-factors-phone');

    card = await openPhone(fixture);
    expect(await card.getByRole('radio', { name: /^SMS and voice/ }).isChecked()).toBe(true);
    expect(await card.getByLabel('Account SID').inputValue()).toBe('AC0123456789abcdef');
    expect(await card.getByLabel(/^From number/).inputValue()).toBe('+15005550006');
    expect(await card.getByLabel('Verification message').inputValue()).toBe('{{code}} signs you in to {{tenant.friendly_name}}');
    expect(await card.getByLabel(/^Auth token/).inputValue()).toBe('');
    // Tessera's auth_token_configured: after a reload the card still knows a token is saved.
    expect(await card.locator('[data-token-state]').textContent()).toBe('(set; type a new one to replace it)');
    expect(await pageHolds(fixture, TOKEN)).toEqual([]);
    expect(await secretsSeenByPage(fixture)).toEqual([]);
  }, TEST_MS);

  it('switches to the custom webhook: the secret is sent once and shown only as set; a bad URL is refused inline', async ({ fixture }) => {
    const card = await openPhone(fixture);
    const { page } = fixture;
    await card.getByRole('radio', { name: 'Custom webhook (Tessera)' }).click();
    await status(page, 'Phone codes go through Custom webhook (Tessera).');
    expect(expectOk(await phone(fixture, 'phone/selected-provider'))).toEqual({ provider: 'custom' });

    await card.getByLabel('URL').fill('ftp://sms.example.com/hook');
    await card.getByLabel(/^Signing secret/).fill(SECRET);
    await card.getByRole('button', { name: 'Save webhook' }).click();
    await card.getByRole('alert').waitFor({ timeout: WAIT_MS });
    expect(await card.getByRole('alert').textContent()).toBe("Payload validation error: 'url must be an absolute http(s) URL' on property url.");

    await card.getByLabel('URL').fill('https://sms.example.com/hook');
    await card.getByLabel(/^Signing secret/).fill(SECRET);
    await card.getByRole('button', { name: 'Save webhook' }).click();
    await status(page, 'Webhook saved.');
    expect(await card.getByLabel(/^Signing secret/).inputValue()).toBe('');
    expect(await card.getByText(/^\(set; saving needs it typed again/).count()).toBe(1);
    expect(expectOk(await phone(fixture, 'phone/providers/custom'))).toEqual({ url: 'https://sms.example.com/hook', secret_configured: true });
    expect(await pageHolds(fixture, SECRET)).toEqual([]);

    // A test message to a number the server refuses: its words, in the card.
    await card.getByLabel(/^Phone number/).fill('555-0100');
    await card.getByRole('button', { name: 'Send a test message' }).click();
    await card.getByRole('alert').filter({ hasText: 'phone_number' }).waitFor({ timeout: WAIT_MS });
    expect(await card.getByRole('alert').textContent()).toBe("Payload validation error: 'phone_number must be an E.164 phone number' on property phone_number.");
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'admin-factors-phone-webhook-dark');
  }, TEST_MS);
});
