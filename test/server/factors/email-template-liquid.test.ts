import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { associate, body, oobGrant, oobRows } from '../../helpers/code-factors.js';
import { auditRows } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp.js';

/**
 * The `mfa_oob_code` template's Liquid (tags, filters, user metadata) rendered by the server for real
 * users and received whole over SMTP (`smtp-server` on loopback); and a render past liquidjs's limits,
 * which fails the send as a refusing mail server would.
 */

const TEMPLATE = { template: 'mfa_oob_code', syntax: 'liquid', enabled: true, from: '' };
const SPANISH = "{% if user.user_metadata.lang == 'es' %}";

let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(() => smtp.close());

describe('Liquid in the mfa_oob_code template', () => {
  let server: TestServer;
  let client: TestClient;
  let token: string;
  afterEach(async () => {
    await server.close();
    smtp.messages.splice(0);
  });

  async function setUp(template: { subject: string; body: string }): Promise<void> {
    server = await buildTestServer({ mail: { smtpUrl: smtp.url, from: 'no-reply@tessera.test' } });
    token = await managementToken(server.app);
    for (const [url, payload] of [['/api/v2/guardian/policies', ['all-applications']], ['/api/v2/guardian/factors/email', { enabled: true }]] as const) {
      expect((await mgmt(server.app, 'PUT', url, payload, token)).statusCode).toBe(200);
    }
    expect((await mgmt(server.app, 'POST', '/api/v2/email-templates', { ...TEMPLATE, ...template }, token)).statusCode).toBe(200);
    client = await createClient(server.app);
  }

  async function user(email: string, fields: object): Promise<string> {
    const { user_id: id } = await createUser(server.app, email);
    expect((await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(id)}`, fields, token)).statusCode).toBe(200);
    return await loginForMfaToken(server.app, client, {}, email);
  }

  const enroll = (mfaToken: string, email: string) => associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['email'], email });

  it('an {% if %} on user_metadata and filters, for two users; names and metadata are escaped in the HTML, | raw included', async () => {
    await setUp({
      subject: `{{ application.name | upcase }}: ${SPANISH}tu código{% else %}your code{% endif %}`,
      body: `<p>${SPANISH}Hola{% else %}Hello{% endif %} {{ user.name }} ({{ user.name | raw }}{{ user.user_metadata.nick | raw }}):</p><p><b>{{ code }}</b></p>`,
    });
    const ada = await user('ada@example.com', { name: 'Ada <script>' });
    const bea = await user('bea@example.com', { name: '<img src=x onerror=alert(1)>', user_metadata: { lang: 'es', nick: ' & <i>Bea</i>' } });
    const { oob_code: adaOob } = json(await enroll(ada, 'ada@example.com')) as { oob_code: string };
    expect(body(await enroll(bea, 'bea@example.com')).status).toBe(200);
    const [toAda, toBea] = smtp.messages;
    const codes = [toAda, toBea].map((mail) => /<b>(\d{6})<\/b>/.exec(mail?.html ?? '')?.[1] ?? '');
    expect(codes).toEqual([expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/)]);
    expect([toAda?.subject, toAda?.html, toAda?.text]).toEqual([
      'TEST APP: your code',
      `<p>Hello Ada &lt;script&gt; (Ada &lt;script&gt;):</p><p><b>${codes[0]}</b></p>`,
      `Hello Ada <script> (Ada <script>):\n${codes[0]}\n`,
    ]);
    expect([toBea?.subject, toBea?.html, toBea?.text]).toEqual([
      'TEST APP: tu código',
      `<p>Hola &lt;img src=x onerror=alert(1)&gt; (&lt;img src=x onerror=alert(1)&gt; &amp; &lt;i&gt;Bea&lt;/i&gt;):</p><p><b>${codes[1]}</b></p>`,
      `Hola <img src=x onerror=alert(1)> (<img src=x onerror=alert(1)> & <i>Bea</i>):\n${codes[1]}\n`,
    ]);
    expect((await oobGrant(server.app, client, ada, adaOob, codes[0])).statusCode).toBe(200);
  });

  it('a render past the memory limit at send time: an exact 502, audited, nothing sent, enrolled or redeemable', async () => {
    // Saved: with no metadata the loop is empty. The user's metadata makes it a hundred million turns.
    await setUp({ subject: 'Your code', body: '<p>{{ code }}</p>{% for i in (1..user.user_metadata.repeat) %}.{% endfor %}' });
    const mfaToken = await user('ada@example.com', { user_metadata: { repeat: 100_000_000 } });
    const message = 'The email template could not be rendered (memory alloc limit exceeded).';
    expect(body(await enroll(mfaToken, 'ada@example.com'))).toEqual({ status: 502, body: { error: 'error_sending_email', error_description: message } });
    expect(smtp.messages).toEqual([]);
    expect(await oobRows(server)).toEqual([]);
    expect(json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } }))).toEqual([]);
    expect((await auditRows(server, 'gd_auth_failed', 'gd_send_email')).map((row) => [row.type, row.description, row.details])).toEqual([
      ['gd_auth_failed', message, { authenticator: { id: expect.stringMatching(/^email\|dev_/), type: 'email' }, provider: 'smtp', provider_error: { errorCode: 'refused', message } }],
    ]);
  });
});
