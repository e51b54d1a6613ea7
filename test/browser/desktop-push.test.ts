import type { Page, Response } from 'playwright-core';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import {
  BROWSER_UA,
  expectOk,
  loginForMfaToken,
  pollOob,
  pushTenant,
  embeddedServerApi,
  startPushLogin,
  type PendingLogin,
  type PushApi,
  type PushTenant,
} from '../helpers/push.js';
import { freePort } from '../helpers/process.js';

/**
 * Push sign-in through the desktop UI: the real renderer in Chromium enrolls as a push device of the
 * desktop's own embedded Tessera server (loopback HTTP, running clock), from the pasted barcode_uri or
 * a QR image file of it (decoded in main: the page never learns the enrollment), a browser-side app
 * starts a login, the user sees who is asking and picks the number, and the app's mfa-oob poll gets its tokens.
 */

const EMAIL = 'ada@example.com';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const TOKENS = { access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid', expires_in: 86400, token_type: 'Bearer' };
const PENDING = { error: 'authorization_pending', error_description: 'Authorization pending: please repeat the request in a few seconds.' };
const REJECTED = { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' };

/** How the user hands the push enrollment to the Push screen. */
type EnrollWay = 'link' | 'qr-image';

/**
 * The bodies of every answer the page gets from main's channels from now on, until `texts()` is
 * called: that stops the collection, so no read starts as the page closes. Each read settles where it
 * starts (a failure is kept, not left as a rejection nobody awaits) and `texts()` rethrows it.
 */
function bridgeAnswers(page: Page): { texts(): Promise<string[]> } {
  const reads: Promise<{ text: string } | { error: unknown }>[] = [];
  const collect = (response: Response): void => {
    if (!new URL(response.url()).pathname.startsWith('/__bridge/')) return;
    reads.push(response.text().then((text) => ({ text }), (error: unknown) => ({ error })));
  };
  page.on('response', collect);
  return {
    async texts() {
      page.off('response', collect);
      return (await Promise.all(reads)).map((read) => {
        if ('error' in read) throw read.error;
        return read.text;
      });
    },
  };
}

async function openPush(page: Page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Push/ }).click();
}

describe('push sign-in in the desktop UI', () => {
  let server: PushApi;
  let tenant: PushTenant;
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  const poll = (login: Pick<PendingLogin, 'mfaToken' | 'oobCode'>) => pollOob(server, tenant.client, login.mfaToken, login.oobCode);

  /**
   * Hands a fresh push barcode_uri to the Push screen (pasted, or as a QR image file the user picks)
   * and finishes the enrollment's own login.
   */
  async function enrollThroughUi(page: Page, way: EnrollWay = 'link'): Promise<void> {
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const association = expectOk(
      await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
        bearer: mfaToken,
        json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
      }),
    );
    await openPush(page);
    await page.getByLabel('Device name').fill('Ada’s desktop');
    const answers = bridgeAnswers(page);
    if (way === 'link') {
      await page.getByLabel('Enrollment link').fill(association.barcode_uri);
      await page.getByRole('button', { name: 'Enroll' }).click();
    } else {
      const buffer = await QRCode.toBuffer(association.barcode_uri, { margin: 4, scale: 6 });
      await page.getByLabel('QR image').setInputFiles({ name: 'push-enrollment.png', mimeType: 'image/png', buffer });
    }
    await page.getByRole('status').filter({ hasText: `Enrolled for ${tenant.user.user_id} at` }).waitFor();
    if (way === 'qr-image') {
      // Main decoded it: neither the enrollment transaction nor the barcode reached the page.
      const txId = new URL(association.barcode_uri).searchParams.get('enrollment_tx_id')!;
      const pageSaw = [await page.content(), ...(await answers.texts()), ...bridge.sentChanges].join('\n');
      expect(pageSaw).not.toContain(txId);
      expect({ qr: bridge.calls.get('push:enrollQr'), link: bridge.calls.get('push:enroll') }).toEqual({ qr: 1, link: undefined });
    }
    expectOk(await poll({ mfaToken, oobCode: association.oob_code }));
    // The device's stream is open: the server can reach it.
    await page.locator('.device .connection-open').waitFor();
  }

  beforeEach(async () => {
    bridge = await startDesktopBridge();
    // The embedded server, as the Server screen starts it, on a free loopback port.
    const { handlers } = bridge.desktop;
    expect(await handlers['settings:update']({ serverPort: await freePort() })).toMatchObject({ ok: true });
    const status = await handlers['server:start']();
    expect(status).toMatchObject({ state: 'running' });
    server = embeddedServerApi(bridge.dataDir, status.url!);
    tenant = await pushTenant(server, EMAIL);
    browser = await launchChromium();
    await bridge.attach(browser.context);
    problems = watchProblems(browser.page);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    expect(problems).toEqual([]);
  });

  it.each<[string, EnrollWay, string]>([
    ['a pasted barcode_uri', 'link', 'desktop-push'],
    ['a QR image file of the barcode_uri', 'qr-image', 'desktop-push-qr'],
  ])('enrolls from %s, shows who is asking, and the right number completes the login', async (_how, way, shots) => {
    const { page } = browser;
    await page.goto(bridge.url);
    await enrollThroughUi(page, way);
    await expect(page.locator('.device').textContent()).resolves.toContain(tenant.user.user_id);
    await saveScreenshot(page, `${shots}-1-enrolled`);

    const login = await startPushLogin(server, tenant.client, EMAIL);
    expect(login.number).toMatch(/^\d{2}$/);
    const card = page.locator('.push-request');
    await card.waitFor();
    expect({
      client: await card.locator('.push-client').textContent(),
      ip: await card.locator('.push-ip').textContent(),
      userAgent: await card.locator('.push-user-agent').textContent(),
      fullUserAgent: await card.locator('.push-user-agent').getAttribute('title'),
      person: await card.locator('.push-person').textContent(),
      heading: await card.getByRole('heading').textContent(),
    }).toEqual({
      client: 'Push Console',
      ip: '127.0.0.1',
      // BROWSER_UA is Chrome 126 on Linux: the card says so, with the raw string only as its tooltip.
      userAgent: 'Chrome 126 on Linux',
      fullUserAgent: BROWSER_UA,
      person: `${EMAIL} (${tenant.user.user_id}) at Tessera`,
      heading: `Push Console wants to sign in as ${EMAIL}`,
    });
    // Guardian transactions live five minutes; the card counts down to the end.
    expect(await card.locator('.push-expiry').textContent()).toMatch(/^Expires in [45]:\d{2}$/);
    expect(await card.getByText('Refuse it and report it').count()).toBe(1);
    const numbers = await card.locator('button.number').allTextContents();
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
    expect(numbers).toContain(login.number);
    expect(await page.locator('.badge').textContent()).toBe('1');
    await saveScreenshot(page, `${shots}-2-request`);

    expect((await poll(login)).body).toEqual(PENDING);
    await card.getByRole('button', { name: `Approve with number ${login.number}` }).click();
    await page.getByRole('status').filter({ hasText: 'Approved: Push Console' }).waitFor();
    await card.waitFor({ state: 'detached' });
    await saveScreenshot(page, `${shots}-3-approved`);

    const tokens = await poll(login);
    expect({ status: tokens.status, body: tokens.body }).toEqual({ status: 200, body: TOKENS });
  });

  it('shows a login the moment it starts, with no polling, and Deny rejects it', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await enrollThroughUi(page);
    // Idle: nothing asks main for the pending requests (a poll would have asked twice by now).
    const asked = bridge.calls.get('push:pending') ?? 0;
    await new Promise((done) => setTimeout(done, 2_000));
    expect(bridge.calls.get('push:pending') ?? 0).toBe(asked);

    const login = await startPushLogin(server, tenant.client, EMAIL);
    const card = page.locator('.push-request');
    await card.waitFor({ timeout: 5_000 });
    expect(await card.getByRole('heading').textContent()).toBe(`Push Console wants to sign in as ${EMAIL}`);
    expect(bridge.sentChanges.every((topic) => ['push', 'accounts', 'server', 'lock', 'settings'].includes(topic))).toBe(true);
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Denied: Push Console for ${tenant.user.user_id}.` }).waitFor();
    await card.waitFor({ state: 'detached' });
    const refused = await poll(login);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 403, body: REJECTED });
  });

  it('“This wasn’t me” rejects the login', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await enrollThroughUi(page);
    const login = await startPushLogin(server, tenant.client, EMAIL);
    await page.locator('.push-request').waitFor();
    await page.getByRole('button', { name: 'This wasn’t me' }).click();
    await page.getByRole('status').filter({ hasText: 'Reported as not you' }).waitFor();
    const refused = await poll(login);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 403, body: REJECTED });
  });

  it('says in words that a wrong number was picked, and the login is refused', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await enrollThroughUi(page);
    const login = await startPushLogin(server, tenant.client, EMAIL);
    const card = page.locator('.push-request');
    await card.waitFor();
    const wrong = (await card.locator('button.number').allTextContents()).find((choice) => choice !== login.number);
    await card.getByRole('button', { name: `Approve with number ${wrong}` }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'That number was not the one on the sign-in screen, so the sign-in was refused. If it was you, sign in again and pick the number shown there.',
    );
    const refused = await poll(login);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 403, body: REJECTED });
  });

  it('shows the card at 420 px in dark mode, and asks before removing the enrollment', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 420, height: 720 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(bridge.url);
    await enrollThroughUi(page);
    await startPushLogin(server, tenant.client, EMAIL);
    await page.locator('.push-request').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await saveScreenshot(page, 'authenticator-push-card-420-dark');

    const devices = () => bridge.desktop.handlers['push:devices']().then((listed) => (listed.ok ? listed.value.length : listed.error.message));
    await page.getByRole('button', { name: `Remove enrollment for ${tenant.user.user_id}` }).click();
    const question = page.getByRole('group', { name: `Remove the enrollment for ${tenant.user.user_id}?` });
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect(await devices()).toBe(1);
    await page.getByRole('button', { name: `Remove enrollment for ${tenant.user.user_id}` }).click();
    await question.getByRole('button', { name: 'Remove enrollment' }).click();
    await page.getByText('No push enrollment yet.').waitFor();
    expect(await devices()).toBe(0);
  });
});
