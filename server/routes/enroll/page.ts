import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { requestOrigin } from '../../context.js';
import { safeEqual } from '../../crypto/secret-box.js';
import { randomToken } from '../../crypto/random.js';
import { totpBarcodeUri } from '../../factors/otp.js';
import { attemptOtp } from '../../services/otp-verification.js';
import { checkTicket, ENROLL_SESSION_TTL_MS, findEnrollmentSession, PUSH_FACTOR, pushRefusal, startEnrollment } from '../../services/tickets.js';
import { html, page, type Raw } from './html.js';
import { desktopEnrollLink, pushTicketBody, QR_OPTIONS } from './push-ticket.js';

const COOKIE = 'tessera_enroll';
const BASE = '/guardian/enroll';
/** HTML pages for people, not API operations: left out of the OpenAPI document. */
const HIDDEN = { schema: { hide: true } };

const REASONS: Record<string, string> = {
  invalid: 'This enrollment link is not valid.',
  used: 'This enrollment link has already been used. Ask your administrator for a new one.',
  expired: 'This enrollment link has expired. Ask your administrator for a new one.',
  enrolled: 'You are already enrolled in two-step verification.',
  session: 'Your enrollment session has expired. Open the enrollment link again, or ask for a new one.',
  'push-only': 'This enrollment link sets up push sign-in on a device, not an authenticator app. Open the link again to scan its QR code with your push app.',
  'push-disabled': 'Push sign-in is turned off on this server, so this enrollment link cannot be used now. Ask your administrator to turn it on, or for a new link.',
};
const STATUS: Record<string, number> = { enrolled: 409, 'push-disabled': 403 };

/**
 * The page an enrollment ticket opens (ticket_url). Opening the link only shows a button, so mail
 * scanners that prefetch links cannot spend the ticket; pressing it spends the ticket for a
 * short-lived HttpOnly session, and the ticket leaves the URL. A push-notification ticket's page shows
 * a push enrollment QR code instead, which the device spends. No JavaScript at all.
 */
export const enrollPage: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  await app.register(cookie);
  await app.register(formbody);
  const secure = t.config.issuer.startsWith('https:');

  const send = (reply: FastifyReply, status: number, title: string, body: Raw) => {
    const nonce = randomToken(t.random, 16);
    return reply
      .code(status)
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      })
      .send(page(title, nonce, body));
  };
  const failure = (reply: FastifyReply, reason: string) =>
    send(reply, STATUS[reason] ?? 400, 'Enrollment', html`<h1>Two-step verification</h1><p class="error">${REASONS[reason] ?? REASONS.invalid}</p>`);

  app.get<{ Querystring: { ticket?: unknown } }>(BASE, HIDDEN, async (request, reply) => {
    const ticket = typeof request.query.ticket === 'string' ? request.query.ticket : '';
    const check = await checkTicket(t, ticket);
    if (!check.ok) return failure(reply, check.reason);
    const email = (await t.store.users.find(check.userId))?.email ?? '';
    const tenant = await t.store.tenant.name();
    const refusal = await pushRefusal(t, check.factor);
    if (check.factor === PUSH_FACTOR) {
      // A device spends this ticket; the page offers no authenticator app setup.
      if (refusal !== null) return failure(reply, 'push-disabled');
      return send(reply, 200, 'Set up push sign-in', await pushTicketBody(t, ticket, email));
    }
    // The desktop app spends the ticket as a push device: offered only when the server would accept that.
    const desktopLink = refusal === null
      ? html`<p class="muted">Using the Tessera desktop app? <a href="${desktopEnrollLink(t, ticket)}" id="desktop-link">Open this enrollment in Tessera</a>.</p>`
      : '';
    return send(reply, 200, `Set up two-step verification`, html`
      <h1>Set up two-step verification</h1>
      <p>${tenant} asks <strong>${email}</strong> to add an authenticator app as a second step at sign-in.</p>
      <form method="post" action="${BASE}/start"><input type="hidden" name="ticket" value="${ticket}">
        <button type="submit" id="start">Set up an authenticator app</button></form>
      ${desktopLink}`);
  });

  app.post<{ Body: { ticket?: unknown } }>(`${BASE}/start`, HIDDEN, async (request, reply) => {
    const ticket = typeof request.body?.ticket === 'string' ? request.body.ticket : '';
    const started = await startEnrollment(t, ticket, requestOrigin(request));
    if ('error' in started) return failure(reply, started.error);
    reply.setCookie(COOKIE, started.session, { path: BASE, httpOnly: true, sameSite: 'strict', secure, maxAge: ENROLL_SESSION_TTL_MS / 1000 });
    return reply.redirect(`${BASE}/setup`, 303);
  });

  const setupPage = async (reply: FastifyReply, session: NonNullable<Awaited<ReturnType<typeof findEnrollmentSession>>>, error?: string) => {
    const row = session.authenticator_id ? (await t.store.authenticators.find(session.authenticator_id)) : undefined;
    const user = await t.store.users.find(session.user_id);
    if (!row?.secret_enc || !user) return failure(reply, 'session');
    const secret = t.secrets.decrypt(row.secret_enc, `authenticator:${row.id}`);
    const uri = totpBarcodeUri(secret, (await t.store.tenant.name()), user.email);
    const qr = await (await import('qrcode')).default.toDataURL(uri, QR_OPTIONS);
    return send(reply, error ? 400 : 200, 'Scan the QR code', html`
      <h1>Scan this code with your authenticator app</h1>
      <img class="qr" id="qr" alt="QR code for your authenticator app" src="${qr}">
      <p>Can't scan it? Enter this key instead:</p><code class="secret" id="secret">${secret}</code>
      <form method="post" action="${BASE}/confirm">
        <input type="hidden" name="csrf" value="${session.csrf_token}">
        <p><label for="code">Then enter the 6-digit code the app shows:</label></p>
        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
        <button type="submit" id="confirm">Verify</button>
      </form>
      ${error ? html`<p class="error" id="error">${error}</p>` : ''}`);
  };

  app.get(`${BASE}/setup`, HIDDEN, async (request, reply) => {
    const session = await findEnrollmentSession(t, request.cookies[COOKIE]);
    if (!session || session.completed_at !== null) return failure(reply, 'session');
    return setupPage(reply, session);
  });

  app.post<{ Body: { csrf?: unknown; code?: unknown } }>(`${BASE}/confirm`, HIDDEN, async (request, reply) => {
    const session = await findEnrollmentSession(t, request.cookies[COOKIE]);
    if (!session || session.completed_at !== null) return failure(reply, 'session');
    const csrf = typeof request.body?.csrf === 'string' ? request.body.csrf : '';
    if (!safeEqual(csrf, session.csrf_token)) return failure(reply, 'session');
    const code = typeof request.body?.code === 'string' ? request.body.code.replace(/\s/g, '') : '';
    const userId = session.user_id;
    const row = session.authenticator_id ? (await t.store.authenticators.find(session.authenticator_id)) : undefined;
    if (!row?.secret_enc) return failure(reply, 'session');
    const now = t.clock.now();
    const outcome = await attemptOtp(t, {
      userId,
      candidates: [row],
      code,
      spendWith: (store) => store.tickets.completeSession(session.session_digest, now),
    });
    const origin = requestOrigin(request);
    if (outcome.status === 'locked') return setupPage(reply, session, 'Too many failed codes. Wait for some minutes before retrying.');
    if (outcome.status === 'conflict') return failure(reply, 'session');
    if (outcome.status === 'rejected') {
      const reason = outcome.replayed ? 'OTP code already used during ticket enrollment' : 'Invalid OTP code during ticket enrollment';
      await t.audit.record({ type: 'gd_auth_failed', origin, userId, details: { factor: 'otp', reason } });
      if (outcome.lockedOut) await t.audit.record({ type: 'gd_otp_rate_limit_exceed', origin, userId });
      return setupPage(reply, session, 'That code is not right. Check the time on your device and try the current code.');
    }
    await t.audit.record({ type: 'gd_enrollment_complete', origin, userId, details: { authenticator: { id: row.id, type: 'otp' }, via: 'enrollment-ticket' } });
    // Read from the session as loaded: completing it cleared the stored copy.
    const recoveryCode = session.recoveryCode();
    reply.clearCookie(COOKIE, { path: BASE });
    return send(reply, 200, 'Enrolled', html`
      <h1>You're enrolled</h1>
      <p>Your authenticator app is set up. From now on, sign-in asks for its code.</p>
      ${recoveryCode
        ? html`<p>Save this recovery code somewhere safe. It lets you in if you lose your device, and it is shown only once:</p>
          <p class="secret recovery" id="recovery-code">${recoveryCode}</p>`
        : ''}`);
  });
};
