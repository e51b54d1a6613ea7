import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { NO_OUTBOX } from '../../src-main/desktop/admin/outbox.js';
import { secretsSeenByPage } from '../helpers/admin-console.js';
import { CONSOLE_START_MS, it } from '../helpers/admin-console-fixture.js';
import { saveScreenshot } from '../helpers/browser.js';
import { freePort } from '../helpers/process.js';

/**
 * The Outbox screen in Chromium: explained on a server that sends its codes (as Auth0 does), live on the
 * desktop app's embedded server, whose real outbox delivery keeps the messages sent through it.
 */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium, the embedded server), never a performance assertion; the console's start comes on top. */
const TEST_MS = CONSOLE_START_MS + 180_000;
const TEMPLATE = '{{code}} is your verification code for {{tenant.friendly_name}}';

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name });
const rows = (page: Page) => page.getByRole('table', { name: 'Outbox messages' }).locator('tbody tr');

describe('the admin console: Outbox', { timeout: TEST_MS }, () => {
  it('explains there is no outbox on a server that sends its codes, then shows the embedded server\'s messages live with a copy button', async ({ fixture }) => {
    const { page, bridge } = fixture;
    await fixture.open();
    await nav(page, 'Outbox').click();
    await page.getByText(NO_OUTBOX).waitFor({ timeout: WAIT_MS });
    await saveScreenshot(page, 'admin-outbox-unavailable');

    const port = await freePort();
    expect((await bridge.desktop.handlers['settings:update']({ serverPort: port })).ok).toBe(true);
    const embedded = (await bridge.desktop.admin.connections()).find((connection) => connection.kind === 'embedded');
    await page.getByLabel('Connection').selectOption({ label: embedded!.label });
    await page.getByText('No messages yet').waitFor({ timeout: WAIT_MS });

    // What a sign-in's SMS challenge and an email enrollment would send, through the server's own delivery.
    const delivery = bridge.desktop.server.codeDelivery();
    expect(delivery).toBeDefined();
    await delivery!.send({ channel: 'sms', to: '+14155550123', code: '048213', template: TEMPLATE, tenantName: 'Tessera' });
    await rows(page).first().waitFor({ timeout: WAIT_MS });
    await delivery!.send({ channel: 'email', to: 'ada@example.com', code: '771004', template: TEMPLATE, tenantName: 'Tessera' });
    await expect.poll(() => rows(page).count(), { timeout: WAIT_MS }).toBe(2);

    const cells = async (index: number) => (await rows(page).nth(index).locator('td').allTextContents()).slice(1);
    expect(await cells(0)).toEqual([
      'Email', 'a***@example.com',
      'Your verification code for Tessera771004 is your verification code for Tessera\n\nIf you did not ask for this code, you can ignore this email.\n',
      '771004 Copy',
    ]);
    expect(await cells(1)).toEqual(['SMS', '+XXXXXXX0123', '048213 is your verification code for Tessera', '048213 Copy']);
    await saveScreenshot(page, 'admin-outbox');

    await page.getByRole('button', { name: 'Copy code 048213' }).click();
    await rows(page).nth(1).getByRole('status').filter({ hasText: /^ ?Copied; clears in \d+ s\.$/ }).waitFor({ timeout: WAIT_MS });
    expect(bridge.clipboard.text).toBe('048213');
    // The codes are the screen's purpose; the admin client's secret and tokens still stay in main.
    expect(await secretsSeenByPage(fixture)).toEqual([]);
  });
});
