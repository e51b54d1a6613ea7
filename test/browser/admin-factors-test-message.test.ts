import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsSeenByPage, startAdminConsole, type AdminConsole } from '../helpers/admin-console.js';
import { freePort } from '../helpers/process.js';

/**
 * The Factors screen's test message, sent for real from Chromium on the desktop app's embedded server,
 * whose delivery is the developer outbox: the card says it went, and the Outbox screen shows the message.
 */

const WAIT_MS = 20_000;
/** A bound for a busy 2-core machine (seeding, Chromium, the embedded server), never a performance assertion. */
const TEST_MS = 180_000;

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name });

describe('the admin console: a test phone message', { timeout: TEST_MS }, () => {
  let fixture: AdminConsole;
  beforeEach(async () => {
    fixture = await startAdminConsole();
  }, TEST_MS);
  afterEach(async () => {
    expect(fixture?.problems ?? []).toEqual([]);
    await fixture?.close();
  });

  it('sent from the Phone card on the embedded server, it is in the Outbox with its code', async () => {
    const { page, bridge } = fixture;
    await fixture.open();
    expect((await bridge.desktop.handlers['settings:update']({ serverPort: await freePort() })).ok).toBe(true);
    const embedded = (await bridge.desktop.admin.connections()).find((connection) => connection.kind === 'embedded');
    await page.getByLabel('Connection').selectOption({ label: embedded!.label });
    // The switch is done once the bar names the embedded server: the screens below are drawn again for it
    // then, and a number typed into the previous connection's card before that would be lost.
    await page.getByText('The server built into Tessera, on this computer.').waitFor({ timeout: WAIT_MS });

    await nav(page, 'Factors & policies').click();
    const card = page.getByRole('region', { name: 'Phone (SMS and voice)' });
    await card.getByLabel(/^Phone number/).fill('+14155550123');
    await card.getByRole('button', { name: 'Send a test message' }).click();
    await page.getByRole('status').filter({ hasText: /^Test message sent through outbox \(message [^)]+\)\.$/ }).waitFor({ timeout: WAIT_MS });

    await nav(page, 'Outbox').click();
    const rows = page.getByRole('table', { name: 'Outbox messages' }).locator('tbody tr');
    await rows.first().waitFor({ timeout: WAIT_MS });
    expect(await rows.count()).toBe(1);
    const [channel, recipient, message, code] = (await rows.first().locator('td').allTextContents()).slice(1);
    const digits = /^(\d{6}) Copy$/.exec(code ?? '')?.[1];
    expect(digits).toMatch(/^\d{6}$/);
    expect([channel, recipient]).toEqual(['SMS', '+XXXXXXX0123']);
    // The default verification template, rendered with the embedded tenant's name.
    expect(message).toMatch(new RegExp(`^${digits} is your verification code for \\S.*$`));
    expect(await secretsSeenByPage(fixture)).toEqual([]);
  });
});
