import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  auditRows,
  authenticatorRows,
  capture,
  cookiePair,
  expectStatus,
  formPost,
  invalidBody,
  mfaAuthenticators,
  mgmtError,
  otpGrant,
  seedMfaTenant,
  snapshot,
  USER_NOT_FOUND,
  wrongCode,
  type AdminCall,
  type SeededUser,
} from '../../helpers/mfa-admin.js';
import { decodeQr } from '../../helpers/browser.js';
import { queryRows } from '../../helpers/db.js';
import { ADMIN, buildTestServer, enrollOtp, json, loginForMfaToken, oathtool, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';
import { GRANT_TYPES } from '../../../server/grants/types.js';

const TICKET_ID = /^gten_[A-Za-z0-9]{32}$/;
const FIVE_DAYS_MS = 5 * 24 * 3600 * 1000;
const SESSION_COOKIE = /^tessera_enroll=[A-Za-z0-9_-]{43}; Max-Age=900; Path=\/guardian\/enroll; HttpOnly; Secure; SameSite=Strict$/;
const MESSAGES = {
  invalid: 'This enrollment link is not valid.',
  used: 'This enrollment link has already been used. Ask your administrator for a new one.',
  expired: 'This enrollment link has expired. Ask your administrator for a new one.',
  enrolled: 'You are already enrolled in two-step verification.',
  session: 'Your enrollment session has expired. Open the enrollment link again, or ask for a new one.',
  wrongCode: 'That code is not right. Check the time on your device and try the current code.',
  pushOnly: 'This enrollment link sets up push sign-in on a device, not an authenticator app. Open the link again to scan its QR code with your push app.',
  pushDisabled: 'Push sign-in is turned off on this server, so this enrollment link cannot be used now. Ask your administrator to turn it on, or for a new link.',
};
const PUSH_INSTRUCTIONS =
  'Scan this code in your push authenticator app to enroll it. In the Tessera desktop app, use the link below instead. The link works once: the enrollment finishes in the app.';

interface Ticket {
  ticket_id: string;
  ticket_url: string;
}

/** The path and query of a ticket_url, to inject. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** An enrollment page: the security headers exactly, a CSP nonce the style carries, and no script at all. */
function expectPage(response: LightMyRequestResponse, status: number): string {
  expect(response.statusCode, response.body).toBe(status);
  const csp = String(response.headers['content-security-policy']);
  const nonce = capture(csp, /'nonce-([A-Za-z0-9_-]{22})'/);
  expect({
    'content-type': response.headers['content-type'],
    'cache-control': response.headers['cache-control'],
    'referrer-policy': response.headers['referrer-policy'],
    'x-content-type-options': response.headers['x-content-type-options'],
    'x-frame-options': response.headers['x-frame-options'],
    'content-security-policy': csp,
  }).toEqual({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  });
  expect(response.body).toContain(`<style nonce="${nonce}">`);
  expect(response.body.toLowerCase()).not.toContain('<script');
  expect(response.body).not.toMatch(/\son[a-z]+=/i);
  return response.body;
}

/** A page's <main>, with the indentation between tags left out. */
const mainOf = (body: string) => capture(body, /<main>(.*)<\/main>/s).replace(/>\s+</g, '><').trim();

/** The PNG behind a `data:image/png;base64,…` src, decoded as a phone camera would read it. */
const qrText = (dataUrl: string) => decodeQr(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));

/** A failure page says exactly one thing. */
function expectFailure(response: LightMyRequestResponse, status: number, message: string): void {
  const body = expectPage(response, status);
  expect(capture(body, /<main>(.*)<\/main>/s)).toBe(`<h1>Two-step verification</h1><p class="error">${message}</p>`);
}

describe('Management API: enrollment tickets', () => {
  let server: TestServer;
  let admin: AdminCall;
  let client: TestClient;
  let ada: SeededUser;
  beforeEach(async () => {
    server = await buildTestServer();
    ({ admin, client, ada } = await seedMfaTenant(server));
  });
  afterEach(() => server.close());

  const createTicket = async (body: Record<string, unknown> = { user_id: ada.user_id }) =>
    expectStatus<Ticket>(await admin('POST', '/api/v2/guardian/enrollments/ticket', body), 200);
  const openTicket = (ticket: Ticket) => server.app.inject({ method: 'GET', url: pathOf(ticket.ticket_url) });
  const start = (ticketId: string) => formPost(server.app, '/guardian/enroll/start', { ticket: ticketId });
  const setup = (cookie: string) => server.app.inject({ method: 'GET', url: '/guardian/enroll/setup', headers: { cookie } });
  const confirm = (cookie: string, csrf: string, code: string) => formPost(server.app, '/guardian/enroll/confirm', { csrf, code }, cookie);
  const ticketRow = () => queryRows<{ used_at: number | null; expires_at: number; created_at: number }>(server, 'SELECT used_at, expires_at, created_at FROM enrollment_tickets');

  /** Spends a ticket: the session cookie, the secret and CSRF token the setup page shows. */
  async function startEnrollment(ticket: Ticket): Promise<{ cookie: string; secret: string; csrf: string }> {
    const started = await start(ticket.ticket_id);
    expect(started.statusCode, started.body).toBe(303);
    const cookie = cookiePair(started);
    const page = expectPage(await setup(cookie), 200);
    return { cookie, secret: capture(page, /<code class="secret" id="secret">([A-Z2-7]{32})<\/code>/), csrf: capture(page, /name="csrf" value="([^"]+)"/) };
  }

  describe('POST /api/v2/guardian/enrollments/ticket', () => {
    it('answers a ticket id and the URL of the enrollment page; only a digest of the id is stored', async () => {
      const response = await admin('POST', '/api/v2/guardian/enrollments/ticket', { user_id: ada.user_id });
      expect(response.statusCode).toBe(200);
      const ticket = json(response) as Ticket;
      expect(ticket).toEqual({ ticket_id: expect.stringMatching(TICKET_ID), ticket_url: `https://tessera.test/guardian/enroll?ticket=${ticket.ticket_id}` });

      const stored = await queryRows<Record<string, unknown>>(server, 'SELECT ticket_digest, user_id, factor, CAST(allow_multiple AS INTEGER) AS allow_multiple, created_at, expires_at, used_at FROM enrollment_tickets');
      expect(stored).toEqual([
        {
          ticket_digest: expect.any(String),
          user_id: ada.user_id,
          factor: null,
          allow_multiple: 0,
          created_at: server.clock.now(),
          expires_at: server.clock.now() + FIVE_DAYS_MS,
          used_at: null,
        },
      ]);
      expect(JSON.stringify(stored)).not.toContain(ticket.ticket_id.slice(5));
      expect((await auditRows(server, 'sapi')).at(-1)).toEqual({
        type: 'sapi',
        description: 'Create an enrollment ticket',
        user_id: ada.user_id,
        client_id: ADMIN.clientId,
        details: { send_mail: false },
      });
    });

    it('answers a new ticket each time, and takes factor otp and allow_multiple_enrollments', async () => {
      const first = await createTicket();
      const second = await createTicket({ user_id: ada.user_id, factor: 'otp', allow_multiple_enrollments: true });
      expect(second.ticket_id).toMatch(TICKET_ID);
      expect(second.ticket_id).not.toBe(first.ticket_id);
      expect(await queryRows(server, 'SELECT factor, CAST(allow_multiple AS INTEGER) AS allow_multiple FROM enrollment_tickets ORDER BY created_at, factor')).toEqual(
        expect.arrayContaining([
          { factor: null, allow_multiple: 0 },
          { factor: 'otp', allow_multiple: 1 },
        ]),
      );
    });

    it('takes factor push-notification: the same 200 body, the factor stored with the ticket', async () => {
      const response = await admin('POST', '/api/v2/guardian/enrollments/ticket', { user_id: ada.user_id, factor: 'push-notification' });
      expect(response.statusCode).toBe(200);
      const ticket = json(response) as Ticket;
      expect(ticket).toEqual({ ticket_id: expect.stringMatching(TICKET_ID), ticket_url: `https://tessera.test/guardian/enroll?ticket=${ticket.ticket_id}` });
      expect(await queryRows(server, 'SELECT user_id, factor, CAST(allow_multiple AS INTEGER) AS allow_multiple, created_at, expires_at, used_at FROM enrollment_tickets')).toEqual([
        { user_id: ada.user_id, factor: 'push-notification', allow_multiple: 0, created_at: server.clock.now(), expires_at: server.clock.now() + FIVE_DAYS_MS, used_at: null },
      ]);
      expect((await auditRows(server, 'sapi')).at(-1)).toEqual({
        type: 'sapi',
        description: 'Create an enrollment ticket',
        user_id: ada.user_id,
        client_id: ADMIN.clientId,
        details: { send_mail: false },
      });
    });

    it.each<[string, (user: SeededUser) => unknown, number, unknown]>([
      ['an unknown user', () => ({ user_id: 'auth0|000000000000000000000000' }), 404, USER_NOT_FOUND],
      ...(['phone', 'email', 'webauthn-roaming', 'webauthn-platform'] as const).map(
        (factor): [string, (user: SeededUser) => unknown, number, unknown] => [
          `factor ${factor}`,
          (user) => ({ user_id: user.user_id, factor }),
          400,
          mgmtError(400, 'feature_not_supported', `The ${factor} factor is not available on this server.`),
        ],
      ),
      ['a factor Auth0 does not name', (user) => ({ user_id: user.user_id, factor: 'sms' }), 400, invalidBody("'must be equal to constant' on property factor")],
      [
        'send_mail with no email provider configured',
        (user) => ({ user_id: user.user_id, send_mail: true }),
        400,
        mgmtError(400, 'email_provider_not_configured', 'No email provider is configured: set TESSERA_SMTP_URL to send enrollment invitations.'),
      ],
      ['no user_id', () => ({ factor: 'otp' }), 400, invalidBody("'Missing required property: user_id'")],
      ['an email that is not one', (user) => ({ user_id: user.user_id, email: 'nope' }), 400, invalidBody(`'must match format "email"' on property email`)],
      ['an unknown property', (user) => ({ user_id: user.user_id, ttl: 60 }), 400, invalidBody("'Additional properties not allowed: ttl'")],
    ])('refuses %s, creating no ticket and logging nothing', async (_label, body, status, expected) => {
      const before = await snapshot(server);
      const response = await admin('POST', '/api/v2/guardian/enrollments/ticket', body(ada));
      expect(response.statusCode).toBe(status);
      expect(json(response)).toEqual(expected);
      expect(await snapshot(server)).toEqual(before);
    });
  });

  describe('the enrollment page a ticket opens', () => {
    it('shows a button, not the secret, and opening it twice spends nothing (mail scanners prefetch links)', async () => {
      const ticket = await createTicket();
      for (let visit = 0; visit < 2; visit += 1) {
        const page = expectPage(await openTicket(ticket), 200);
        expect(page).toContain('<title>Set up two-step verification</title>');
        expect(page).toContain('Tessera Test asks <strong>ada@example.com</strong> to add an authenticator app');
        expect(page).toContain(`<form method="post" action="/guardian/enroll/start"><input type="hidden" name="ticket" value="${ticket.ticket_id}">`);
        expect(page).not.toContain('id="secret"');
      }
      expect(await ticketRow()).toEqual([{ used_at: null, created_at: server.clock.now(), expires_at: server.clock.now() + FIVE_DAYS_MS }]);
      expect(await authenticatorRows(server, ada.user_id)).toEqual([]);
    });

    it('offers the desktop app link only when the ticket can enroll a push device (push on, factor not otp)', async () => {
      const desktopLink = (ticket: Ticket) =>
        `<p class="muted">Using the Tessera desktop app? <a href="tessera://enroll?ticket=${ticket.ticket_id}&amp;issuer=https%3A%2F%2Ftessera.test%2F" id="desktop-link">Open this enrollment in Tessera</a>.</p>`;
      const plain = await createTicket();
      const forOtp = await createTicket({ user_id: ada.user_id, factor: 'otp' });
      const pages = async () => Promise.all([plain, forOtp].map(async (ticket) => expectPage(await openTicket(ticket), 200)));

      // seedMfaTenant turns on OTP and recovery codes only.
      const [plainPushOff, otpPushOff] = await pages();
      expect(plainPushOff).not.toContain('desktop-link');
      expect(otpPushOff).not.toContain('desktop-link');

      expectStatus(await admin('PUT', '/api/v2/guardian/factors/push-notification', { enabled: true }), 200);
      const [plainPushOn, otpPushOn] = await pages();
      expect(plainPushOn).toContain(desktopLink(plain));
      expect(otpPushOn).not.toContain('desktop-link');
      expect(otpPushOn).toContain('<button type="submit" id="start">Set up an authenticator app</button>');
    });

    it('enrolls the user: start → setup with the secret → a wrong code is refused → the right one shows the recovery code once', async () => {
      const { app, clock } = server;
      const ticket = await createTicket();

      const started = await start(ticket.ticket_id);
      expect(started.statusCode).toBe(303);
      expect(started.headers.location).toBe('/guardian/enroll/setup');
      expect(String(started.headers['set-cookie'])).toMatch(SESSION_COOKIE);
      expect(started.body).toBe('');
      const cookie = cookiePair(started);
      expect((await ticketRow())[0]?.used_at).toBe(clock.now());

      const setupPage = expectPage(await setup(cookie), 200);
      expect(setupPage).toContain('<title>Scan the QR code</title>');
      expect(setupPage).toMatch(/<img class="qr" id="qr" alt="QR code for your authenticator app" src="data:image\/png;base64,[A-Za-z0-9+/=]+">/);
      const secret = capture(setupPage, /<code class="secret" id="secret">([A-Z2-7]{32})<\/code>/);
      const csrf = capture(setupPage, /<input type="hidden" name="csrf" value="([A-Za-z0-9_-]{32})">/);
      // Pending until the code: an authentication method, not yet an enrollment GET /users/{id}/enrollments lists (it lists confirmed ones).
      const pendingMethods = json(await admin('GET', `/api/v2/users/${encodeURIComponent(ada.user_id)}/authentication-methods`)) as { type: string; confirmed: boolean }[];
      expect(pendingMethods.map((m) => [m.type, m.confirmed]).sort()).toEqual([['recovery-code', false], ['totp', false]]);
      expect(json(await admin('GET', `/api/v2/users/${encodeURIComponent(ada.user_id)}/enrollments`))).toEqual([]);

      const wrong = await confirm(cookie, csrf, wrongCode(secret, clock.now()));
      const wrongPage = expectPage(wrong, 400);
      expect(wrongPage).toContain(`<p class="error" id="error">${MESSAGES.wrongCode}</p>`);
      expect(wrongPage).toContain(`<code class="secret" id="secret">${secret}</code>`);
      expect(await auditRows(server, 'gd_auth_failed')).toEqual([
        { type: 'gd_auth_failed', description: 'MFA Auth failed', user_id: ada.user_id, client_id: null, details: { factor: 'otp', reason: 'Invalid OTP code during ticket enrollment' } },
      ]);

      const sessions = () => queryRows<{ recovery_code_enc: string | null; completed_at: number | null }>(server, 'SELECT recovery_code_enc, completed_at FROM enrollment_sessions');
      expect(await sessions()).toEqual([{ recovery_code_enc: expect.any(String), completed_at: null }]);
      const right = await confirm(cookie, csrf, oathtool(secret, clock.now()));
      const done = expectPage(right, 200);
      expect(done).toContain("<h1>You're enrolled</h1>");
      const recoveryCode = capture(done, /<p class="secret recovery" id="recovery-code">([A-Z0-9]{24})<\/p>/);
      expect(done).not.toContain(secret);
      expect(String(right.headers['set-cookie'])).toMatch(/^tessera_enroll=; Max-Age=0; Path=\/guardian\/enroll;/);
      // Shown once: the session forgets the recovery code it held for the page.
      expect(await sessions()).toEqual([{ recovery_code_enc: null, completed_at: clock.now() }]);
      expect(JSON.stringify(await queryRows(server, 'SELECT * FROM enrollment_sessions'))).not.toContain(recoveryCode);

      // The user is enrolled: both authenticators active, and both log in.
      const mfaToken = await loginForMfaToken(app, client);
      const totpId = (await authenticatorRows(server, ada.user_id)).find((row) => row.kind === 'totp')?.id;
      const recoveryId = (await authenticatorRows(server, ada.user_id)).find((row) => row.kind === 'recovery-code')?.id;
      expect(await mfaAuthenticators(app, mfaToken)).toEqual([
        { id: recoveryId, authenticator_type: 'recovery-code', active: true },
        { id: totpId, authenticator_type: 'otp', active: true },
      ]);
      clock.advance(30_000);
      const login = await otpGrant(app, client, mfaToken, oathtool(secret, clock.now()));
      expect(login.statusCode, login.body).toBe(200);
      const recovered = await tokenRequest(app, {
        grant_type: GRANT_TYPES.mfaRecoveryCode,
        client_id: client.client_id,
        client_secret: client.client_secret,
        mfa_token: await loginForMfaToken(app, client),
        recovery_code: recoveryCode,
      });
      expect(recovered.statusCode, recovered.body).toBe(200);
      expect(await auditRows(server, 'gd_enrollment_complete')).toEqual([
        {
          type: 'gd_enrollment_complete',
          description: 'MFA enrollment complete',
          user_id: ada.user_id,
          client_id: null,
          details: { authenticator: { id: totpId, type: 'otp' }, via: 'enrollment-ticket' },
        },
      ]);

      // The finished session is spent: confirming or viewing it again is refused.
      expectFailure(await confirm(cookie, csrf, oathtool(secret, clock.now() + 30_000)), 400, MESSAGES.session);
      expectFailure(await setup(cookie), 400, MESSAGES.session);
    });

    it('refuses a code already accepted elsewhere: the page and the mfa-otp grant share one acceptance path', async () => {
      const { app, clock } = server;
      const { cookie, secret, csrf } = await startEnrollment(await createTicket());
      const code = oathtool(secret, clock.now());
      // The pending authenticator also answers the mfa-otp grant; that spends the code's time step first.
      expect((await otpGrant(app, client, await loginForMfaToken(app, client), code)).statusCode).toBe(200);

      const replay = expectPage(await confirm(cookie, csrf, code), 400);
      expect(replay).toContain(`<p class="error" id="error">${MESSAGES.wrongCode}</p>`);
      expect(await auditRows(server, 'gd_auth_failed')).toEqual([
        { type: 'gd_auth_failed', description: 'MFA Auth failed', user_id: ada.user_id, client_id: null, details: { factor: 'otp', reason: 'OTP code already used during ticket enrollment' } },
      ]);
      expect(await queryRows(server, 'SELECT completed_at FROM enrollment_sessions')).toEqual([{ completed_at: null }]);
    });

    it('is single use: of two starts at once exactly one wins, then the link and the button answer "already been used"', async () => {
      const ticket = await createTicket();
      const both = await Promise.all([start(ticket.ticket_id), start(ticket.ticket_id)]);
      expect(both.map((response) => response.statusCode).sort()).toEqual([303, 400]);
      expectFailure(both.find((response) => response.statusCode === 400) ?? both[0]!, 400, MESSAGES.used);
      expectFailure(await start(ticket.ticket_id), 400, MESSAGES.used);
      expectFailure(await openTicket(ticket), 400, MESSAGES.used);
      expect((await authenticatorRows(server, ada.user_id)).filter((row) => row.kind === 'totp')).toHaveLength(1);
    });

    it('expires after 5 days', async () => {
      const ticket = await createTicket();
      server.clock.advance(FIVE_DAYS_MS - 1);
      expectPage(await openTicket(ticket), 200);
      server.clock.advance(1);
      expectFailure(await openTicket(ticket), 400, MESSAGES.expired);
      expectFailure(await start(ticket.ticket_id), 400, MESSAGES.expired);
      expect((await ticketRow())[0]?.used_at).toBeNull();
      expect(await authenticatorRows(server, ada.user_id)).toEqual([]);
    });

    it('refuses a confirmation whose CSRF token does not match, or that carries no session, and enrolls nothing', async () => {
      const ticket = await createTicket();
      const { cookie, secret, csrf } = await startEnrollment(ticket);
      const code = oathtool(secret, server.clock.now());
      for (const [label, response] of [
        ['another token', await confirm(cookie, `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`, code)],
        ['no token', await formPost(server.app, '/guardian/enroll/confirm', { code }, cookie)],
        ['no cookie', await formPost(server.app, '/guardian/enroll/confirm', { csrf, code })],
        ['a forged cookie', await confirm('tessera_enroll=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf, code)],
      ] as const) {
        expect(response.statusCode, label).toBe(400);
        expectFailure(response, 400, MESSAGES.session);
      }
      expect((await authenticatorRows(server, ada.user_id)).map((row) => [row.kind, row.active])).toEqual([
        ['recovery-code', 0],
        ['totp', 0],
      ]);
      // The real form still works afterwards.
      expectPage(await confirm(cookie, csrf, code), 200);
    });

    it('ends the session after 15 minutes', async () => {
      const { cookie } = await startEnrollment(await createTicket());
      server.clock.advance(15 * 60 * 1000);
      expectFailure(await setup(cookie), 400, MESSAGES.session);
    });

    it('answers 409 to a user already enrolled when the ticket does not allow more; the ticket stays unspent', async () => {
      await enrollOtp(server, client);
      const ticket = await createTicket();
      expectFailure(await openTicket(ticket), 409, MESSAGES.enrolled);
      expectFailure(await start(ticket.ticket_id), 409, MESSAGES.enrolled);
      expect((await ticketRow())[0]?.used_at).toBeNull();
    });

    it('enrolls a second authenticator when the ticket allows multiple enrollments; no new recovery code', async () => {
      const first = await enrollOtp(server, client);
      const ticket = await createTicket({ user_id: ada.user_id, allow_multiple_enrollments: true });
      expectPage(await openTicket(ticket), 200);
      const { cookie, secret, csrf } = await startEnrollment(ticket);
      expect(secret).not.toBe(first.secret);
      const done = expectPage(await confirm(cookie, csrf, oathtool(secret, server.clock.now())), 200);
      expect(done).not.toContain('id="recovery-code"');
      expect((await authenticatorRows(server, ada.user_id)).map((row) => [row.kind, row.active])).toEqual([
        ['recovery-code', 1],
        ['totp', 1],
        ['totp', 1],
      ]);
    });

    it.each([
      ['a made-up ticket', () => 'gten_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['text that is no ticket', () => 'nope'],
      ['nothing', () => ''],
    ])('answers "not valid" for %s', async (_label, id) => {
      expectFailure(await server.app.inject({ method: 'GET', url: `/guardian/enroll?ticket=${id()}` }), 400, MESSAGES.invalid);
      expectFailure(await start(id()), 400, MESSAGES.invalid);
    });

    describe('a push-notification ticket', () => {
      const pushOn = async (enabled: boolean) => expectStatus(await admin('PUT', '/api/v2/guardian/factors/push-notification', { enabled }), 200);
      const sessionRows = () => queryRows(server, 'SELECT * FROM enrollment_sessions');

      it('shows the push enrollment QR code (the ticket as enrollment_tx_id) and the desktop link, no app setup, and spends nothing', async () => {
        await pushOn(true);
        const ticket = await createTicket({ user_id: ada.user_id, factor: 'push-notification' });
        for (let visit = 0; visit < 2; visit += 1) {
          const page = expectPage(await openTicket(ticket), 200);
          expect(page).toContain('<title>Set up push sign-in</title>');
          const qr = capture(page, /<img class="qr" id="qr" alt="QR code to enroll your device for push sign-in" src="(data:image\/png;base64,[A-Za-z0-9+/=]+)">/);
          expect(mainOf(page)).toBe(
            '<h1>Set up push sign-in</h1>' +
              '<p>Tessera Test asks <strong>ada@example.com</strong> to approve sign-ins from a device that receives push notifications.</p>' +
              `<img class="qr" id="qr" alt="QR code to enroll your device for push sign-in" src="${qr}">` +
              `<p id="instructions">${PUSH_INSTRUCTIONS}</p>` +
              `<p class="muted"><a href="tessera://enroll?ticket=${ticket.ticket_id}&amp;issuer=https%3A%2F%2Ftessera.test%2F" id="desktop-link">Open this enrollment in Tessera</a></p>`,
          );
          // What a Guardian-style app reads from the code (https://github.com/auth0/auth0-guardian.js `lib/utils/enrollment_uri_helper.js`), and the device API base.
          expect(qrText(qr)).toBe(
            `otpauth://totp/Tessera%20Test:ada%40example.com?enrollment_tx_id=${ticket.ticket_id}&issuer=Tessera%20Test&base_url=https%3A%2F%2Ftessera.test%2Fappliance-mfa%2F`,
          );
        }
        expect(await ticketRow()).toEqual([{ used_at: null, created_at: server.clock.now(), expires_at: server.clock.now() + FIVE_DAYS_MS }]);
        expect(await authenticatorRows(server, ada.user_id)).toEqual([]);
        expect(await sessionRows()).toEqual([]);
      });

      it('is refused by POST /start with the failure page, and stays unspent for the device', async () => {
        await pushOn(true);
        const ticket = await createTicket({ user_id: ada.user_id, factor: 'push-notification' });
        const before = await snapshot(server);
        expectFailure(await start(ticket.ticket_id), 400, MESSAGES.pushOnly);
        expect(await snapshot(server)).toEqual(before);
        expect(await sessionRows()).toEqual([]);
        expectPage(await openTicket(ticket), 200);
      });

      it('with push turned off, the page says so and offers nothing; turned on again, the QR code is back', async () => {
        const ticket = await createTicket({ user_id: ada.user_id, factor: 'push-notification' });
        expectFailure(await openTicket(ticket), 403, MESSAGES.pushDisabled);
        expectFailure(await start(ticket.ticket_id), 400, MESSAGES.pushOnly);
        expect((await ticketRow())[0]?.used_at).toBeNull();
        await pushOn(true);
        expect(expectPage(await openTicket(ticket), 200)).toContain('id="qr"');
      });

      it('answers an already-enrolled or expired ticket as any ticket does', async () => {
        await pushOn(true);
        const first = await createTicket({ user_id: ada.user_id, factor: 'push-notification' });
        await enrollOtp(server, client);
        expectFailure(await openTicket(await createTicket({ user_id: ada.user_id, factor: 'push-notification' })), 409, MESSAGES.enrolled);
        server.clock.advance(FIVE_DAYS_MS);
        expectFailure(await openTicket(first), 400, MESSAGES.expired);
      });
    });

    it('keeps a null-factor ticket page as it is with push on: app setup, plus the desktop link', async () => {
      expectStatus(await admin('PUT', '/api/v2/guardian/factors/push-notification', { enabled: true }), 200);
      const ticket = await createTicket();
      expect(mainOf(expectPage(await openTicket(ticket), 200))).toBe(
        '<h1>Set up two-step verification</h1>' +
          '<p>Tessera Test asks <strong>ada@example.com</strong> to add an authenticator app as a second step at sign-in.</p>' +
          `<form method="post" action="/guardian/enroll/start"><input type="hidden" name="ticket" value="${ticket.ticket_id}">` +
          '<button type="submit" id="start">Set up an authenticator app</button></form>' +
          `<p class="muted">Using the Tessera desktop app? <a href="tessera://enroll?ticket=${ticket.ticket_id}&amp;issuer=https%3A%2F%2Ftessera.test%2F" id="desktop-link">Open this enrollment in Tessera</a>.</p>`,
      );
    });

    it("answers \"not valid\" once the ticket's user is deleted", async () => {
      const ticket = await createTicket();
      expectStatus(await admin('DELETE', `/api/v2/users/${encodeURIComponent(ada.user_id)}`), 204);
      expectFailure(await openTicket(ticket), 400, MESSAGES.invalid);
    });
  });
});
