import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MFA_EMAIL_TEMPLATE } from '../../../../src-main/desktop/admin/email-types';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { json, mgmt } from '../../../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../../../helpers/smtp.js';
import { connectedService, startTessera, type ConsoleUnderTest, type ListeningTessera } from './admin-fixture';

/** The admin service's email factor settings over auth0@7's guardian.factors and emailTemplates against a real Tessera on loopback. */

let smtp: SmtpSink;
let tessera: ListeningTessera;
let console: ConsoleUnderTest;
beforeAll(async () => {
  smtp = await startSmtpSink();
  tessera = await startTessera({ mail: { smtpUrl: smtp.url, from: 'Tessera <no-reply@tessera.test>' } });
  console = await connectedService(tessera.baseUrl);
});
afterAll(async () => {
  await console.close();
  await tessera.close();
  await smtp.close();
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const template = { subject: 'Your {{ application.name }} code', body: '<p>{{ code }} is yours, {{ user.email }}</p>', from: 'Security <security@example.com>' };

describe('the email factor settings', () => {
  it('reads a fresh server: no template yet (the console starts from the default words)', async () => {
    expect(await console.service.emailSettings()).toEqual({ template: { ...DEFAULT_MFA_EMAIL_TEMPLATE, saved: false, enabled: false } });
  });

  it('creates the template (switched on) and updates it in place', async () => {
    const created = await console.service.setEmailSettings({ template });
    expect(created).toEqual({ template: { ...template, saved: true, enabled: true } });
    expect(json(await mgmt(tessera.app, 'GET', '/api/v2/email-templates/mfa_oob_code'))).toEqual({ template: 'mfa_oob_code', syntax: 'liquid', enabled: true, ...template });

    await mgmt(tessera.app, 'PATCH', '/api/v2/email-templates/mfa_oob_code', { enabled: false });
    const updated = await console.service.setEmailSettings({ template: { ...template, from: '' } });
    expect(updated.template).toEqual({ ...template, from: '', saved: true, enabled: true });
  });

  it('relays the server’s refusal of a template, and leaves the saved one as it was', async () => {
    const before = await console.service.emailSettings();
    expect(await failure(console.service.setEmailSettings({ template: { ...template, body: '<p>no code</p>' } }))).toEqual(
      Object.assign(new AdminError('invalid_input', ''), { message: "Payload validation error: 'The body must contain {{ code }}.' on property body." }),
    );
    expect(await console.service.emailSettings()).toEqual(before);
  });

  it('sends a test email over the server’s SMTP; a refused address is relayed', async () => {
    const sent = await console.service.sendEmailTest({ email: 'admin@example.com' });
    expect(sent).toEqual({ provider: 'smtp', messageId: expect.stringMatching(/^<.+>$/) });
    const mail = smtp.messages.at(-1);
    expect(mail?.envelope.to).toEqual(['admin@example.com']);
    expect(mail?.subject).toBe('Your Tessera Admin (Management API) code');
    expect(await failure(console.service.sendEmailTest({ email: 'nobody' }))).toEqual(
      Object.assign(new AdminError('invalid_input', ''), { message: "Payload validation error: 'email must be an email address' on property email." }),
    );
  });
});
