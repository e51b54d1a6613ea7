import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollDeviceWithTicket, parseEnrollmentUri } from '../../src-main/push-device';
import { decodeQr, launchChromium, saveScreenshot, type Chromium } from '../helpers/browser.js';
import { rows } from '../helpers/db.js';
import {
  approveLoginOnStream,
  deviceStores,
  expectOk,
  pushTenant,
  startPushTessera,
  type PushTenant,
  type PushTessera,
} from '../helpers/push.js';
import { PASSWORD } from '../helpers/server.js';

/**
 * A push-notification enrollment ticket's page in real Chromium: it shows a push enrollment QR code
 * (https://github.com/auth0/auth0-guardian.js `lib/utils/enrollment_uri_helper.js`) instead of authenticator app setup, and spends nothing; a device that scans it (the
 * page's pixels decoded by jsQR, then the real device library) spends the ticket and gets the first
 * enrollment's recovery code, and then approves a real login.
 */

const EMAIL = 'ada@example.com';
const TENANT = 'Tessera Test';
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
const CSP = /^default-src 'none'; style-src 'nonce-[A-Za-z0-9_-]{22}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/;
const INSTRUCTIONS = 'Scan this code in your push authenticator app to enroll it. In the Tessera desktop app, use the link below instead. The link works once: the enrollment finishes in the app.';
const USED_TEXT = 'This enrollment link has already been used. Ask your administrator for a new one.';
const PUSH_OFF_TEXT = 'Push sign-in is turned off on this server, so this enrollment link cannot be used now. Ask your administrator to turn it on, or for a new link.';

let server: PushTessera;
let browser: Chromium;
let tenant: PushTenant;
beforeEach(async () => {
  server = await startPushTessera();
  browser = await launchChromium();
  tenant = await pushTenant(server, EMAIL);
});
afterEach(async () => {
  await browser?.close();
  await server?.close();
});

async function pushTicket(): Promise<{ ticketId: string; ticketUrl: string }> {
  const ticket = expectOk(await server.management<{ ticket_id: string; ticket_url: string }>('POST', '/api/v2/guardian/enrollments/ticket', { user_id: tenant.user.user_id, factor: 'push-notification' }));
  return { ticketId: ticket.ticket_id, ticketUrl: ticket.ticket_url };
}

const ticketUsedAt = () => rows<{ used_at: number | null }>(server, 'SELECT used_at FROM enrollment_tickets')[0]?.used_at ?? null;

describe('a push-notification ticket page in Chromium', () => {
  it('shows the push QR code; a device enrolls with what it decodes, gets the recovery code, and approves a login', async () => {
    const { page } = browser;
    const { ticketId, ticketUrl } = await pushTicket();

    const response = await page.goto(ticketUrl);
    expect(response?.status()).toBe(200);
    expect((await response?.allHeaders())?.['content-security-policy']).toMatch(CSP);
    await expect(page.title()).resolves.toBe('Set up push sign-in');
    expect(await page.locator('main').innerText()).toBe(
      [
        'Set up push sign-in',
        `${TENANT} asks ${EMAIL} to approve sign-ins from a device that receives push notifications.`,
        INSTRUCTIONS,
        'Open this enrollment in Tessera',
      ].join('\n\n'),
    );
    expect(await page.locator('#desktop-link').getAttribute('href')).toBe(`tessera://enroll?ticket=${ticketId}&issuer=${encodeURIComponent(server.issuer)}`);
    // No authenticator app setup, no form, no script.
    expect(await page.locator('form, button, input, #secret, script').count()).toBe(0);
    await saveScreenshot(page, 'push-ticket-1-page');

    const uri = decodeQr(await page.locator('#qr').screenshot());
    expect(uri).toBe(`otpauth://totp/Tessera%20Test:ada%40example.com?enrollment_tx_id=${ticketId}&issuer=Tessera%20Test&base_url=${encodeURIComponent(`${server.issuer}appliance-mfa/`)}`);
    const parsed = parseEnrollmentUri(uri);
    expect(parsed).toEqual({ enrollmentTxId: ticketId, baseUrl: `${server.issuer}appliance-mfa/`, issuerName: TENANT, accountLabel: EMAIL });

    // Viewing spends nothing, however often.
    expect((await page.reload())?.status()).toBe(200);
    expect(ticketUsedAt()).toBeNull();

    // The device spends the ticket from the QR code, with the base URL it names (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift`).
    const stores = deviceStores(server);
    const enrolled = await enrollDeviceWithTicket({ ticket: parsed.enrollmentTxId, issuer: parsed.baseUrl, name: 'Ada’s phone', ...stores });
    expect(enrolled.recoveryCode).toMatch(RECOVERY_CODE);
    expect(enrolled.account).toEqual({
      enrollmentId: expect.stringMatching(/^dev_[A-Za-z0-9]{16}$/),
      userId: tenant.user.user_id,
      baseUrl: `${server.issuer}appliance-mfa/`,
      identifier: expect.any(String),
      issuer: TENANT,
      name: 'Ada’s phone',
      totp: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/), algorithm: 'sha1', digits: 6, period: 30 },
      enrolledAt: expect.any(String),
    });
    expect(ticketUsedAt()).not.toBeNull();

    // The page now says the link is spent.
    expect((await page.reload())?.status()).toBe(400);
    expect(await page.locator('main').innerText()).toBe(`Two-step verification\n\n${USED_TEXT}`);

    // A real login, approved on the device's stream.
    const tokens = await approveLoginOnStream(server, tenant.client, { account: enrolled.account, ...stores }, EMAIL);
    expect({ status: tokens.status, body: tokens.body }).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid', expires_in: 86400, token_type: 'Bearer' },
    });

    // The recovery code the device was given is the user's.
    const app = expectOk(await server.management<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { name: 'Recovery App', grant_types: ['password', MFA_RECOVERY_CODE] }), 201);
    const mfa = await server.call<{ mfa_token: string }>('POST', '/oauth/token', {
      form: { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: EMAIL, password: PASSWORD },
    });
    const recovered = await server.call('POST', '/oauth/token', {
      form: { grant_type: MFA_RECOVERY_CODE, client_id: app.client_id, client_secret: app.client_secret, mfa_token: mfa.body.mfa_token, recovery_code: enrolled.recoveryCode ?? '' },
    });
    expect({ status: recovered.status, body: recovered.body }).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer', recovery_code: expect.stringMatching(RECOVERY_CODE) },
    });
  });

  it('says push sign-in is off instead of showing a QR code, and leaves the ticket unspent', async () => {
    const { page } = browser;
    const { ticketUrl } = await pushTicket();
    expectOk(await server.management('PUT', '/api/v2/guardian/factors/push-notification', { enabled: false }));

    expect((await page.goto(ticketUrl))?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toBe(`Two-step verification\n\n${PUSH_OFF_TEXT}`);
    expect(await page.locator('#qr, #desktop-link, form').count()).toBe(0);
    await saveScreenshot(page, 'push-ticket-2-push-off');
    expect(ticketUsedAt()).toBeNull();
  });
});
