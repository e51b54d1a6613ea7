import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { associate, oobGrant } from '../../helpers/code-factors.js';
import { auditRows, mgmtError } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp.js';

/**
 * The `mfa_oob_code` email template on the wire: the email factor's code, and Tessera's email test
 * message, rendered from it and received whole by a real SMTP server (`smtp-server`) on loopback.
 */

const MAIL_FROM = 'Tessera <no-reply@tessera.test>';
const TEMPLATE = {
  template: 'mfa_oob_code', syntax: 'liquid', enabled: true, from: 'Security <security@example.com>',
  subject: '{{ code }} signs {{ user.name }} in to {{ application.name }}',
  body: '<html><head><style>p { color: red }</style></head><body><p>Hello {{ user.name }},</p><p>Your code for {{ friendly_name }} is <b>{{ code }}</b>.</p><p>Sent to {{ user.email }} &amp; nobody else.</p></body></html>',
};
const NAME = 'Ada <script>';

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

describe('the mfa_oob_code email template', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
    smtp.messages.splice(0);
  });

  async function setUp(template?: object): Promise<{ client: TestClient; token: string }> {
    server = await buildTestServer({ mail: { smtpUrl: smtp.url, from: MAIL_FROM } });
    const token = await managementToken(server.app);
    for (const [url, body] of [['/api/v2/guardian/policies', ['all-applications']], ['/api/v2/guardian/factors/email', { enabled: true }]] as const) {
      expect((await mgmt(server.app, 'PUT', url, body, token)).statusCode).toBe(200);
    }
    if (template) expect((await mgmt(server.app, 'POST', '/api/v2/email-templates', template, token)).statusCode).toBe(200);
    const user = await createUser(server.app);
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(user.user_id)}`, { name: NAME }, token);
    return { client: await createClient(server.app), token };
  }

  it('renders the subject, the HTML (values escaped) and its text part, from the template’s sender; the code completes enrollment', async () => {
    const { client } = await setUp(TEMPLATE);
    const mfaToken = await loginForMfaToken(server.app, client);
    const enrolled = json(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['email'], email: 'ada@example.com' })) as { oob_code: string };
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    const code = /<b>(\d{6})<\/b>/.exec(mail?.html ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(mail?.envelope).toEqual({ from: 'security@example.com', to: ['ada@example.com'] });
    expect(mail?.headers.from).toBe('Security <security@example.com>');
    expect(mail?.subject).toBe(`${code} signs ${NAME} in to Test App`);
    expect(mail?.html).toBe(
      `<html><head><style>p { color: red }</style></head><body><p>Hello Ada &lt;script&gt;,</p><p>Your code for Tessera Test is <b>${code}</b>.</p><p>Sent to ada@example.com &amp; nobody else.</p></body></html>`,
    );
    expect(mail?.text).toBe(`Hello ${NAME},\nYour code for Tessera Test is ${code}.\nSent to ada@example.com & nobody else.\n`);
    expect((await oobGrant(server.app, client, mfaToken, enrolled.oob_code, code)).statusCode).toBe(200);
    expect(JSON.stringify(await auditRows(server))).not.toContain(code);
  });

  it('switched off (enabled: false), the code goes out in Tessera’s default words from TESSERA_MAIL_FROM', async () => {
    const { client } = await setUp({ ...TEMPLATE, enabled: false });
    const mfaToken = await loginForMfaToken(server.app, client);
    await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['email'], email: 'ada@example.com' });
    const [mail] = smtp.messages;
    const code = /^(\d{6}) /.exec(mail?.text ?? '')?.[1] ?? '';
    expect(mail?.envelope.from).toBe('no-reply@tessera.test');
    expect(mail?.subject).toBe('Your verification code for Tessera Test');
    expect(mail?.text).toBe(`${code} is your verification code for Tessera Test. Please enter this code to verify your enrollment.\n\nIf you did not ask for this code, you can ignore this email.\n`);
  });

  it('the email test message: the template with a throw-away code, over SMTP, audited, rate-limited per admin client', async () => {
    const { token } = await setUp({ ...TEMPLATE, subject: 'Test for {{ user.email }}' });
    const send = async (body: unknown) => {
      const response = await mgmt(server.app, 'POST', '/api/v2/guardian/factors/email/test-message', body, token);
      return { status: response.statusCode, body: json(response) };
    };
    const sent = await send({ email: 'admin@example.com' });
    expect(sent).toEqual({ status: 200, body: { provider: 'smtp', message_id: expect.stringMatching(/^<.+>$/) } });
    const [mail] = smtp.messages;
    const code = /<b>(\d{6})<\/b>/.exec(mail?.html ?? '')?.[1] ?? '';
    expect(mail?.envelope).toEqual({ from: 'security@example.com', to: ['admin@example.com'] });
    expect(mail?.subject).toBe('Test for admin@example.com');
    expect(mail?.text).toBe(`Hello admin@example.com,\nYour code for Tessera Test is ${code}.\nSent to admin@example.com & nobody else.\n`);
    expect(JSON.stringify(sent.body)).not.toContain(code);
    expect((await auditRows(server, 'gd_send_email')).map((row) => row.details)).toEqual([
      { test_message: true, channel: 'email', email: 'admin@example.com', provider: 'smtp', message_id: (sent.body as { message_id: string }).message_id },
    ]);
    expect(await send({ email: 'not an address' })).toEqual({ status: 400, body: mgmtError(400, 'invalid_body', "Payload validation error: 'email must be an email address' on property email.") });
    expect((await send({ email: 'a@example.com', code: '123456' })).body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
    // EMAIL_SEND_BUCKET holds 20: the first went above, 19 more pass, the next is refused.
    for (let n = 0; n < 19; n += 1) expect((await send({ email: 'admin@example.com' })).status).toBe(200);
    expect(await send({ email: 'admin@example.com' })).toEqual({ status: 429, body: { statusCode: 429, error: 'Too Many Requests', message: 'Too many test messages. Wait before retrying.', errorCode: 'too_many_requests' } });
  });

  it('the email test message without SMTP: a clear 400, audited as a failed send', async () => {
    server = await buildTestServer();
    const token = await managementToken(server.app);
    const response = await mgmt(server.app, 'POST', '/api/v2/guardian/factors/email/test-message', { email: 'admin@example.com' }, token);
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 400, body: mgmtError(400, 'provider_error', 'Email delivery (TESSERA_SMTP_URL) is not configured on this server.'),
    });
    expect((await auditRows(server, 'gd_auth_failed')).map((row) => [row.description, row.details])).toEqual([
      ['Email delivery (TESSERA_SMTP_URL) is not configured on this server.', { test_message: true, channel: 'email', email: 'admin@example.com', provider: 'smtp' }],
    ]);
  });
});
