import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildConfiguredServer, TENANT_NAME } from '../../helpers/configured-server.js';
import { queryRows } from '../../helpers/db.js';
import { auditRows, mgmtError } from '../../helpers/management.js';
import { closedPort, startSmtpSink, type SmtpSink } from '../../helpers/smtp.js';
import { buildTestServer, createUser, enableMfa, json, mgmt, type TestServer } from '../../helpers/server.js';

/**
 * POST /api/v2/guardian/enrollments/ticket with `send_mail: true`, delivered over real SMTP to a
 * real SMTP server (`smtp-server`) on loopback.
 */

const FROM = 'Tessera <no-reply@tessera.test>';
const EMAIL = 'ada@example.com';
const TICKET_URL = /^https:\/\/tessera\.test\/guardian\/enroll\?ticket=gten_[A-Za-z0-9]{32}$/;
const SUBJECT = `Set up two-step verification for ${TENANT_NAME}`;
const DELIVERY_FAILED = {
  statusCode: 502,
  error: 'Bad Gateway',
  message: 'The enrollment invitation could not be sent.',
  errorCode: 'email_delivery_failed',
};

const invitationText = (ticketUrl: string) =>
  `You have been invited to set up two-step verification for ${TENANT_NAME}.\n\n` +
  `Open this link to enroll an authenticator app (it works once and expires in 5 days):\n${ticketUrl}\n`;

const PUSH_SUBJECT = `Set up push sign-in for ${TENANT_NAME}`;
const PUSH_STEPS =
  'Open it in a browser, then either scan its QR code with the push authenticator app on the phone that will approve sign-ins, ' +
  'or, on the computer that will approve them, choose "Open this enrollment in Tessera".';
const pushInvitationText = (ticketUrl: string) =>
  `You have been invited to set up push sign-in for ${TENANT_NAME}: a device of yours will be asked to approve each sign-in.\n\n` +
  `Open this link to enroll the device (it works once and expires in 5 days):\n${ticketUrl}\n\n${PUSH_STEPS}\n`;
const pushInvitationHtml = (ticketUrl: string) =>
  `<p>You have been invited to set up push sign-in for ${TENANT_NAME}: a device of yours will be asked to approve each sign-in.</p>\n` +
  `<p><a href="${ticketUrl}">Set up push sign-in</a> (the link works once and expires in 5 days).</p>\n` +
  `<p>${PUSH_STEPS.replace(/"/g, '&quot;')}</p>`;
const appInvitationHtml = (ticketUrl: string) =>
  `<p>You have been invited to set up two-step verification for ${TENANT_NAME}.</p>\n` +
  `<p><a href="${ticketUrl}">Enroll an authenticator app</a> (the link works once and expires in 5 days).</p>`;

const ticketRows = (server: TestServer) => queryRows(server, 'SELECT user_id, used_at FROM enrollment_tickets');

function postTicket(server: TestServer, body: Record<string, unknown>) {
  return mgmt(server.app, 'POST', '/api/v2/guardian/enrollments/ticket', body);
}

/** Opens a ticket URL the way a browser would: GET the page, then press its button. */
async function openTicket(server: TestServer, ticketUrl: string) {
  const url = new URL(ticketUrl);
  const page = await server.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
  const start = await server.app.inject({
    method: 'POST',
    url: '/guardian/enroll/start',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ticket: url.searchParams.get('ticket') ?? '' }).toString(),
  });
  return { page, start };
}

describe('enrollment ticket invitations over SMTP', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
  });

  async function serverMailingTo(smtpUrl: string): Promise<{ server: TestServer; userId: string }> {
    const server = await buildConfiguredServer({ mail: { smtpUrl, from: FROM } });
    opened.push(server);
    await enableMfa(server.app);
    const { user_id: userId } = await createUser(server.app, EMAIL);
    return { server, userId };
  }

  describe('with a working SMTP server', () => {
    let sink: SmtpSink;
    let server: TestServer;
    let userId: string;
    beforeEach(async () => {
      sink = await startSmtpSink();
      opened.push(sink);
      ({ server, userId } = await serverMailingTo(sink.url));
    });

    it('mails the ticket link to the user, and the mailed link opens the enrollment page', async () => {
      const response = await postTicket(server, { user_id: userId, send_mail: true });

      expect(response.statusCode).toBe(200);
      const ticket = json(response) as { ticket_id: string; ticket_url: string };
      expect(ticket).toEqual({ ticket_id: expect.stringMatching(/^gten_[A-Za-z0-9]{32}$/), ticket_url: expect.stringMatching(TICKET_URL) });
      expect(sink.messages).toHaveLength(1);
      const [mail] = sink.messages;
      expect(mail?.envelope).toEqual({ from: 'no-reply@tessera.test', to: [EMAIL] });
      expect({ from: mail?.headers.from, to: mail?.headers.to, subject: mail?.subject }).toEqual({ from: FROM, to: EMAIL, subject: SUBJECT });
      expect(mail?.text).toBe(invitationText(ticket.ticket_url));
      expect(mail?.html).toContain(`<a href="${ticket.ticket_url}">Enroll an authenticator app</a>`);
      expect((await auditRows(server, 'sapi')).at(-1)).toMatchObject({ description: 'Create an enrollment ticket', user_id: userId, details: { send_mail: true } });

      const mailedUrl = /^https:\S+$/m.exec(mail?.text ?? '')?.[0] ?? '';
      const { page, start } = await openTicket(server, mailedUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<strong>${EMAIL}</strong>`);
      expect(start.statusCode).toBe(303);
      expect(start.headers.location).toBe('/guardian/enroll/setup');
    });

    it('mails the alternate `email` address instead of the user’s own when one is given', async () => {
      const response = await postTicket(server, { user_id: userId, send_mail: true, email: 'ada.backup@example.org' });

      expect(response.statusCode).toBe(200);
      const { ticket_url: ticketUrl } = json(response) as { ticket_url: string };
      expect(sink.messages.map((mail) => ({ to: mail.envelope.to, header: mail.headers.to, text: mail.text }))).toEqual([
        { to: ['ada.backup@example.org'], header: 'ada.backup@example.org', text: invitationText(ticketUrl) },
      ]);
    });

    it.each([
      { factor: null, subject: SUBJECT, text: invitationText, html: appInvitationHtml },
      { factor: 'otp', subject: SUBJECT, text: invitationText, html: appInvitationHtml },
      { factor: 'push-notification', subject: PUSH_SUBJECT, text: pushInvitationText, html: pushInvitationHtml },
    ])('words the invitation for the ticket’s factor ($factor): exact subject, text and HTML', async ({ factor, subject, text, html }) => {
      const response = await postTicket(server, { user_id: userId, send_mail: true, ...(factor === null ? {} : { factor }) });

      expect(response.statusCode).toBe(200);
      const { ticket_url: ticketUrl } = json(response) as { ticket_url: string };
      expect(sink.messages.map((mail) => ({ to: mail.envelope.to, subject: mail.subject, text: mail.text, html: mail.html }))).toEqual([
        { to: [EMAIL], subject, text: text(ticketUrl), html: html(ticketUrl) },
      ]);
    });

    it('mails a push-notification ticket’s link, which opens the push enrollment page', async () => {
      expect((await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/push-notification', { enabled: true })).statusCode).toBe(200);
      const response = await postTicket(server, { user_id: userId, send_mail: true, factor: 'push-notification' });

      expect(response.statusCode).toBe(200);
      const mailedUrl = /^https:\S+$/m.exec(sink.messages[0]?.text ?? '')?.[0] ?? '';
      expect(mailedUrl).toBe((json(response) as { ticket_url: string }).ticket_url);
      const { page } = await openTicket(server, mailedUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Set up push sign-in</title>');
      expect(page.body).toContain('id="qr"');
    });

    it.each([
      { case: 'send_mail absent', body: {} },
      { case: 'send_mail false', body: { send_mail: false } },
      { case: 'send_mail false with an email', body: { send_mail: false, email: 'ada.backup@example.org' } },
    ])('sends nothing when $case, and still returns a working ticket', async ({ body }) => {
      const response = await postTicket(server, { user_id: userId, ...body });

      expect(response.statusCode).toBe(200);
      expect(sink.messages).toEqual([]);
      const { page } = await openTicket(server, (json(response) as { ticket_url: string }).ticket_url);
      expect(page.statusCode).toBe(200);
    });
  });

  it('answers 502 email_delivery_failed when the SMTP server is down, and keeps no ticket', async () => {
    const { server, userId } = await serverMailingTo(`smtp://127.0.0.1:${await closedPort()}`);

    const response = await postTicket(server, { user_id: userId, send_mail: true });

    expect(response.statusCode).toBe(502);
    expect(json(response)).toEqual(DELIVERY_FAILED);
    expect(await ticketRows(server)).toEqual([]);
    expect((await auditRows(server, 'sapi')).map((row) => row.description)).not.toContain('Create an enrollment ticket');
  });

  it('answers 502 when the SMTP server refuses the message, and the link it carried does not work', async () => {
    const sink = await startSmtpSink({ refuseWith: 'Mailbox unavailable' });
    opened.push(sink);
    const { server, userId } = await serverMailingTo(sink.url);

    const response = await postTicket(server, { user_id: userId, send_mail: true });

    expect(response.statusCode).toBe(502);
    expect(json(response)).toEqual(DELIVERY_FAILED);
    // The server did send the message (the sink kept it) before the refusal; that link must be dead.
    expect(sink.messages).toHaveLength(1);
    const leakedUrl = /^https:\S+$/m.exec(sink.messages[0]?.text ?? '')?.[0] ?? '';
    expect(leakedUrl).toMatch(TICKET_URL);
    expect(await ticketRows(server)).toEqual([]);
    const { page, start } = await openTicket(server, leakedUrl);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('This enrollment link is not valid.');
    expect(start.statusCode).toBe(400);
    expect(start.body).toContain('This enrollment link is not valid.');
    expect(start.headers['set-cookie']).toBeUndefined();
  });

  it('refuses send_mail with 400 when no mail server is configured, and creates no ticket', async () => {
    const server = await buildTestServer();
    opened.push(server);
    const { user_id: userId } = await createUser(server.app, EMAIL);

    const response = await postTicket(server, { user_id: userId, send_mail: true });

    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(
      mgmtError(400, 'email_provider_not_configured', 'No email provider is configured: set TESSERA_SMTP_URL to send enrollment invitations.'),
    );
    expect(await ticketRows(server)).toEqual([]);
  });
});
