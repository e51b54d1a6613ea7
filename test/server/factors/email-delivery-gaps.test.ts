import { afterEach, describe, expect, it } from 'vitest';
import { auditRows } from '../../helpers/management.js';
import { buildTestServer, createClient, createUser, json, loginForMfaToken, managementToken, mgmt, type TestClient, type TestServer } from '../../helpers/server.js';
import { closedPort, startSmtpSink, type SmtpSink } from '../../helpers/smtp.js';
import { associate, body, challenge, oobGrant, oobRows } from '../../helpers/code-factors.js';

/**
 * Email codes as the server sends them over SMTP (nodemailer to a real `smtp-server` on loopback): a
 * refusing or unreachable server answers an exact 502 that is audited and leaves nothing redeemable or
 * enrolled, and no code, sent or failed, reaches the server's log.
 */

const EMAIL = 'ada@example.com';
const FROM = 'Tessera <no-reply@tessera.test>';

let server: TestServer;
let client: TestClient;
let smtp: SmtpSink | undefined;
afterEach(async () => {
  await server.close();
  await smtp?.close();
  smtp = undefined;
});

async function start(smtpUrl: string, lines?: string[]): Promise<void> {
  server = await buildTestServer({
    mail: { smtpUrl, from: FROM },
    ...(lines ? { logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } } } : {}),
  });
  client = await createClient(server.app);
  await createUser(server.app);
  const token = await managementToken(server.app);
  for (const [url, payload] of [['/api/v2/guardian/policies', ['all-applications']], ['/api/v2/guardian/factors/email', { enabled: true }], ['/api/v2/guardian/factors/recovery-code', { enabled: true }]] as [string, unknown][]) {
    expect((await mgmt(server.app, 'PUT', url, payload, token)).statusCode).toBe(200);
  }
}
const enrollEmail = (mfaToken: string) => associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['email'], email: EMAIL });
const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? '')?.[1] ?? '';

describe('email codes over SMTP, through the server', () => {
  it.each<[string, () => Promise<string>, string, string]>([
    ['a refusing server (550)', async () => (smtp = await startSmtpSink({ refuseWith: 'Mailbox unavailable' })).url, 'The SMTP server refused the message (550).', '550'],
    ['an unreachable server', async () => `smtp://127.0.0.1:${await closedPort()}`, 'The SMTP server could not be reached.', 'retryable'],
  ])('%s: an exact 502, audited, nothing enrolled or redeemable', async (_label, url, message, errorCode) => {
    await start(await url());
    const mfaToken = await loginForMfaToken(server.app, client);
    expect(body(await enrollEmail(mfaToken))).toEqual({ status: 502, body: { error: 'error_sending_email', error_description: message } });
    expect(await oobRows(server)).toEqual([]);
    expect(json(await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } }))).toEqual([]);
    expect((await auditRows(server, 'gd_auth_failed', 'gd_send_email', 'gd_start_enroll')).map((row) => [row.type, row.description, row.details])).toEqual([
      ['gd_auth_failed', message, { authenticator: { id: expect.stringMatching(/^email\|dev_/), type: 'email' }, provider: 'smtp', provider_error: { errorCode, message } }],
    ]);
  });

  it('the server log carries no email code, at enrollment or at a challenge', async () => {
    const lines: string[] = [];
    smtp = await startSmtpSink();
    await start(smtp.url, lines);
    const mfaToken = await loginForMfaToken(server.app, client);
    const { oob_code: oobCode } = json(await enrollEmail(mfaToken)) as { oob_code: string };
    const codes = [codeIn(smtp.messages.at(-1)?.text)];
    expect((await oobGrant(server.app, client, mfaToken, oobCode, codes[0])).statusCode).toBe(200);
    const later = await loginForMfaToken(server.app, client);
    const { oob_code: challenged } = json(await challenge(server.app, client, later)) as { oob_code: string };
    codes.push(codeIn(smtp.messages.at(-1)?.text));
    expect(body(await oobGrant(server.app, client, later, challenged, codes[1]))).toEqual({ status: 200, body: { access_token: expect.any(String), expires_in: 86400, token_type: 'Bearer' } });
    expect(codes).toEqual([expect.stringMatching(/^\d{6}$/), expect.stringMatching(/^\d{6}$/)]);
    const log = lines.join('');
    expect(log).toContain('"url":"/mfa/associate"');
    for (const code of codes) expect(log).not.toMatch(new RegExp(`(?<![\\d.])${code}(?![\\d.])`));
  });
});
