import type { Page, Response } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeQr, INJECT_INLINE_SCRIPT, launchChromium, saveScreenshot, startHttpTessera, type Chromium, type HttpTessera } from '../helpers/browser.js';
import { TENANT_NAME } from '../helpers/configured-server.js';
import { oathtool, PASSWORD } from '../helpers/server.js';

/**
 * The enrollment ticket page (server/routes/enroll/page.ts) in real Chromium, the way a person
 * meets it: the link from an admin, a QR code scanned by an authenticator app (here: the page's
 * own pixels decoded by jsQR, the code computed by oathtool), the recovery code shown once.
 */

const EMAIL = 'ada@example.com';
const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
const APP_GRANTS = ['password', MFA_OTP, MFA_RECOVERY_CODE];
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const TOTP_SECRET = /^[A-Z2-7]{32}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const WRONG_CODE_TEXT = 'That code is not right. Check the time on your device and try the current code.';
const USED_TEXT = 'This enrollment link has already been used. Ask your administrator for a new one.';
const CSP = /^default-src 'none'; style-src 'nonce-[A-Za-z0-9_-]{22}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/;

/*
 * Code run inside the page, as source text: this Node project has no DOM types (tsconfig.json), and
 * the page's code must not borrow them. Playwright evaluates a string as an expression.
 */
/** The first button's computed background colour. */
const BUTTON_COLOR = "getComputedStyle(document.querySelector('button')).backgroundColor";

interface Tenant {
  client: { client_id: string; client_secret: string };
  userId: string;
  ticketId: string;
  ticketUrl: string;
}

/**
 * OTP, recovery codes and push on (push lets the page offer the desktop app), MFA everywhere, an
 * application, a user and a ticket: all through the Management API over HTTP.
 */
async function setUpTenant(server: HttpTessera): Promise<Tenant> {
  for (const factor of ['otp', 'recovery-code', 'push-notification']) {
    expect((await server.management('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true })).status).toBe(200);
  }
  expect((await server.management('PUT', '/api/v2/guardian/policies', ['all-applications'])).status).toBe(200);
  const client = await server.management('POST', '/api/v2/clients', { name: 'Browser App', grant_types: APP_GRANTS });
  const user = await server.management('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: EMAIL, password: PASSWORD });
  const userId = (user.body as { user_id: string }).user_id;
  const ticket = await server.management('POST', '/api/v2/guardian/enrollments/ticket', { user_id: userId });
  expect(ticket.status).toBe(200);
  const { ticket_id: ticketId, ticket_url: ticketUrl } = ticket.body as { ticket_id: string; ticket_url: string };
  return { client: client.body as Tenant['client'], userId, ticketId, ticketUrl };
}

/** Submits a form by clicking `selector` and returns the response of the page it leads to. */
async function submit(page: Page, selector: string): Promise<Response> {
  const [response] = await Promise.all([page.waitForEvent('response', (r) => r.request().isNavigationRequest()), page.click(selector)]);
  await page.waitForLoadState('load');
  // A POST answered with 303 (start → setup) is followed; report the final page's response.
  return (await response.request().redirectedTo()?.response()) ?? response;
}

/** The TOTP secret as the page shows it for typing, and as its QR code carries it. */
async function readSetupPage(page: Page): Promise<{ shown: string; uri: URL }> {
  const shown = ((await page.locator('#secret').textContent()) ?? '').trim();
  const uri = new URL(decodeQr(await page.locator('#qr').screenshot()));
  return { shown, uri };
}

/** A 6-digit code no authenticator would show now: none of the steps the server might accept. */
function wrongCode(secret: string, nowMs: number): string {
  const valid = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((delta) => oathtool(secret, nowMs + delta)));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

describe('the enrollment ticket page in Chromium', () => {
  let server: HttpTessera;
  let browser: Chromium;
  let tenant: Tenant;
  beforeEach(async () => {
    server = await startHttpTessera();
    browser = await launchChromium();
    tenant = await setUpTenant(server);
  });
  afterEach(async () => {
    await browser?.close();
    await server?.close();
  });

  it('enrolls from the ticket link: QR code → code → recovery code, and the user then signs in with MFA', async () => {
    const { page, context } = browser;
    expect(tenant.ticketUrl).toBe(`${server.issuer}guardian/enroll?ticket=${tenant.ticketId}`);

    const landing = await page.goto(tenant.ticketUrl);
    expect(landing?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Set up two-step verification');
    expect(await page.locator('main p').first().innerText()).toBe(`${TENANT_NAME} asks ${EMAIL} to add an authenticator app as a second step at sign-in.`);
    expect(await page.locator('strong').innerText()).toBe(EMAIL);
    expect(await page.locator('#desktop-link').getAttribute('href')).toBe(
      `tessera://enroll?ticket=${encodeURIComponent(tenant.ticketId)}&issuer=${encodeURIComponent(server.issuer)}`,
    );
    expect(await page.locator('#start').innerText()).toBe('Set up an authenticator app');
    await saveScreenshot(page, '1-ticket-landing');

    const setup = await submit(page, '#start');
    expect(setup.status()).toBe(200);
    // The ticket leaves the address bar; a short-lived HttpOnly cookie carries the session instead.
    expect(page.url()).toBe(`${server.issuer}guardian/enroll/setup`);
    expect(await context.cookies(`${server.issuer}guardian/enroll/setup`)).toEqual([
      expect.objectContaining({ name: 'tessera_enroll', path: '/guardian/enroll', httpOnly: true, sameSite: 'Strict', secure: false }),
    ]);
    await expect(page.locator('h1').innerText()).resolves.toBe('Scan this code with your authenticator app');

    const { shown, uri } = await readSetupPage(page);
    expect(shown).toMatch(TOTP_SECRET);
    // Key URI Format, as an authenticator app reads it from the QR code.
    expect({ protocol: uri.protocol, type: uri.host, label: decodeURIComponent(uri.pathname) }).toEqual({
      protocol: 'otpauth:',
      type: 'totp',
      label: `/${TENANT_NAME}:${EMAIL}`,
    });
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: shown, issuer: TENANT_NAME, algorithm: 'SHA1', digits: '6', period: '30' });
    const secret = uri.searchParams.get('secret') ?? '';
    await saveScreenshot(page, '2-setup-qr');

    // Until the code is confirmed the enrollment is pending: an unconfirmed authentication method, not yet
    // listed by GET /users/{id}/enrollments (only the first confirmed one is).
    const pending = await server.management('GET', `/api/v2/users/${encodeURIComponent(tenant.userId)}/authentication-methods`);
    expect((pending.body as { type: string; confirmed: boolean }[]).map((m) => [m.type, m.confirmed]).sort()).toEqual([['recovery-code', false], ['totp', false]]);
    expect((await server.management('GET', `/api/v2/users/${encodeURIComponent(tenant.userId)}/enrollments`)).body).toEqual([]);

    const pageCode = oathtool(secret, server.clock.now());
    await page.fill('#code', pageCode);
    const done = await submit(page, '#confirm');
    expect(done.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe("You're enrolled");
    const recoveryCode = ((await page.locator('#recovery-code').textContent()) ?? '').trim();
    expect(recoveryCode).toMatch(RECOVERY_CODE);
    expect(await context.cookies(`${server.issuer}guardian/enroll/setup`)).toEqual([]);
    await saveScreenshot(page, '3-enrolled');

    const enrolledAt = new Date(server.clock.now()).toISOString();
    const enrollments = await server.management('GET', `/api/v2/users/${encodeURIComponent(tenant.userId)}/enrollments`);
    expect(enrollments).toMatchObject({ status: 200 });
    expect(enrollments.body).toEqual([
      { id: expect.stringMatching(/^dev_[A-Za-z0-9]{16}$/), status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: enrolledAt, last_auth: enrolledAt },
    ]);

    // Sign-in now asks for the second step.
    const login = () =>
      server.call('POST', '/oauth/token', {
        form: { grant_type: 'password', client_id: tenant.client.client_id, client_secret: tenant.client.client_secret, username: EMAIL, password: PASSWORD },
      });
    const challenged = await login();
    expect(challenged.status).toBe(403);
    expect(challenged.body).toEqual({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_token: expect.any(String),
      mfa_requirements: { challenge: [{ type: 'otp' }, { type: 'recovery-code' }] },
    });
    const mfaToken = (challenged.body as { mfa_token: string }).mfa_token;
    const otpGrant = (otp: string) =>
      server.call('POST', '/oauth/token', {
        form: { grant_type: MFA_OTP, client_id: tenant.client.client_id, client_secret: tenant.client.client_secret, mfa_token: mfaToken, otp },
      });

    // One step later: the code typed on the page is spent (its step is recorded), the next one signs in.
    server.clock.advance(30_000);
    expect(await otpGrant(pageCode)).toMatchObject({ status: 403, body: { error: 'invalid_grant', error_description: 'Invalid otp_code.' } });
    const signedIn = await otpGrant(oathtool(secret, server.clock.now()));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer' });

    // The recovery code the page showed once works too, and is replaced.
    const recovery = await server.call('POST', '/oauth/token', {
      form: {
        grant_type: MFA_RECOVERY_CODE,
        client_id: tenant.client.client_id,
        client_secret: tenant.client.client_secret,
        mfa_token: ((await login()).body as { mfa_token: string }).mfa_token,
        recovery_code: recoveryCode,
      },
    });
    expect(recovery.status).toBe(200);
    expect(recovery.body).toEqual({
      access_token: expect.stringMatching(JWT),
      expires_in: 86400,
      token_type: 'Bearer',
      recovery_code: expect.stringMatching(RECOVERY_CODE),
    });
    expect((recovery.body as { recovery_code: string }).recovery_code).not.toBe(recoveryCode);
  });

  it('offers the desktop app link only while push sign-in is on (the app enrolls as a push device)', async () => {
    const { page } = browser;
    await page.goto(tenant.ticketUrl);
    expect(await page.locator('#desktop-link').innerText()).toBe('Open this enrollment in Tessera');

    expect((await server.management('PUT', '/api/v2/guardian/factors/push-notification', { enabled: false })).status).toBe(200);
    expect((await page.goto(tenant.ticketUrl))?.status()).toBe(200);
    expect(await page.locator('#desktop-link').count()).toBe(0);
    expect(await page.locator('#start').innerText()).toBe('Set up an authenticator app');
  });

  it('shows an error for a wrong code and keeps the same setup, which the right code then completes', async () => {
    const { page } = browser;
    await page.goto(tenant.ticketUrl);
    await submit(page, '#start');
    const before = await readSetupPage(page);
    const secret = before.uri.searchParams.get('secret') ?? '';

    await page.fill('#code', wrongCode(secret, server.clock.now()));
    const refused = await submit(page, '#confirm');
    expect(refused.status()).toBe(400);
    expect(await page.locator('#error').innerText()).toBe(WRONG_CODE_TEXT);
    expect(await page.locator('#recovery-code').count()).toBe(0);
    // Still the setup form, for the same secret, with an empty code field.
    const after = await readSetupPage(page);
    expect(after.shown).toBe(before.shown);
    expect(after.uri.href).toBe(before.uri.href);
    expect(await page.locator('#code').inputValue()).toBe('');
    await saveScreenshot(page, '4-wrong-code');

    const failures = await server.management('GET', `/api/v2/logs?q=${encodeURIComponent('type:"gd_auth_failed"')}`);
    expect(failures.body).toEqual([
      expect.objectContaining({
        type: 'gd_auth_failed',
        user_id: tenant.userId,
        user_name: EMAIL,
        ip: '127.0.0.1',
        details: { factor: 'otp', reason: 'Invalid OTP code during ticket enrollment' },
      }),
    ]);
    const pending = await server.management('GET', `/api/v2/users/${encodeURIComponent(tenant.userId)}/authentication-methods`);
    expect((pending.body as { type: string; confirmed: boolean }[]).map((m) => [m.type, m.confirmed]).sort()).toEqual([['recovery-code', false], ['totp', false]]);
    expect((await server.management('GET', `/api/v2/users/${encodeURIComponent(tenant.userId)}/enrollments`)).body).toEqual([]);

    await page.fill('#code', oathtool(secret, server.clock.now()));
    expect((await submit(page, '#confirm')).status()).toBe(200);
    expect(((await page.locator('#recovery-code').textContent()) ?? '').trim()).toMatch(RECOVERY_CODE);
    const confirmed = await server.management('GET', `/api/v2/users/${encodeURIComponent(tenant.userId)}/enrollments`);
    expect((confirmed.body as { status: string }[]).map((e) => e.status)).toEqual(['confirmed']);
  });

  it('says a used ticket link has already been used, before and after the enrollment is finished', async () => {
    const { page } = browser;
    await page.goto(tenant.ticketUrl);
    await submit(page, '#start');
    const { uri } = await readSetupPage(page);

    const reopened = await page.goto(tenant.ticketUrl);
    expect(reopened?.status()).toBe(400);
    expect(await page.locator('main').innerText()).toBe(`Two-step verification\n\n${USED_TEXT}`);
    expect(await page.locator('#start').count()).toBe(0);
    await saveScreenshot(page, '5-ticket-used');

    // The session the ticket opened is unaffected: finishing it still works; the link stays spent.
    await page.goto(`${server.issuer}guardian/enroll/setup`);
    await page.fill('#code', oathtool(uri.searchParams.get('secret') ?? '', server.clock.now()));
    expect((await submit(page, '#confirm')).status()).toBe(200);
    const again = await page.goto(tenant.ticketUrl);
    expect(again?.status()).toBe(400);
    expect(await page.locator('.error').innerText()).toBe(USED_TEXT);
  });

  it('serves every page without script, under a CSP that forbids scripts', async () => {
    const { page } = browser;
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) violations.push(message.text());
    });

    /** Asserts the page has no script and that Chromium refuses to run one injected into it. */
    async function expectScriptless(response: Response | null, name: string): Promise<void> {
      expect(response, name).not.toBeNull();
      const headers = (await response?.allHeaders()) ?? {};
      expect(headers['content-security-policy'], name).toMatch(CSP);
      expect(headers['content-security-policy'], name).not.toContain('script-src');
      expect({ type: headers['content-type'], cache: headers['cache-control'], frame: headers['x-frame-options'], nosniff: headers['x-content-type-options'] }).toEqual({
        type: 'text/html; charset=utf-8',
        cache: 'no-store',
        frame: 'DENY',
        nosniff: 'nosniff',
      });
      expect(await page.locator('script').count(), name).toBe(0);
      expect(await page.locator('[onclick], [onload], [onerror], [onsubmit]').count(), name).toBe(0);
      // page.evaluate runs through DevTools (outside CSP); the <script> it inserts is subject to the policy.
      expect(await page.evaluate(INJECT_INLINE_SCRIPT), name).toBe('no');
      // The nonce'd stylesheet does apply: the button is styled.
      if ((await page.locator('button').count()) > 0) expect(await page.evaluate(BUTTON_COLOR), name).toBe('rgb(52, 81, 209)');
    }

    await expectScriptless(await page.goto(tenant.ticketUrl), 'landing');
    await expectScriptless(await submit(page, '#start'), 'setup');
    const { uri } = await readSetupPage(page);
    await page.fill('#code', oathtool(uri.searchParams.get('secret') ?? '', server.clock.now()));
    await expectScriptless(await submit(page, '#confirm'), 'enrolled');
    await expectScriptless(await page.goto(tenant.ticketUrl), 'used');
    await expectScriptless(await page.goto(`${server.issuer}guardian/enroll?ticket=gten_not-a-ticket`), 'invalid');
    expect(violations.length).toBe(5);
  });
});
