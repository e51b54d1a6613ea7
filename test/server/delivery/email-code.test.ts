import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, type Mailer } from '../../../server/delivery/email.js';
import { createEmailCodeDelivery } from '../../../server/delivery/email-code.js';
import { DEFAULT_PHONE_TEMPLATES } from '../../../server/delivery/templates.js';
import type { DeliveryRequest } from '../../../server/delivery/types.js';
import { closedPort, startSmtpSink, type SmtpSink } from '../../helpers/smtp.js';
import { everythingIn, failureOf } from './delivery-error.js';

/** Email codes through the server's nodemailer Mailer to a real SMTP server (`smtp-server`) on loopback. */

const FROM = 'Tessera <no-reply@tessera.test>';
const CODE = '048213';
const EMAIL: DeliveryRequest = { channel: 'email', to: 'ada@example.com', code: CODE, template: DEFAULT_PHONE_TEMPLATES.verification_message, tenantName: 'Tessera' };
const IGNORE = 'If you did not ask for this code, you can ignore this email.';

const opened: { sinks: SmtpSink[]; mailers: Mailer[] } = { sinks: [], mailers: [] };
afterEach(async () => {
  opened.mailers.splice(0).forEach((mailer) => mailer.close());
  await Promise.all(opened.sinks.splice(0).map((sink) => sink.close()));
});

async function sink(options: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  opened.sinks.push(started);
  return started;
}

function delivery(smtpUrl: string, timeoutMs?: number) {
  const mailer = createSmtpMailer(smtpUrl, FROM);
  opened.mailers.push(mailer);
  return createEmailCodeDelivery(mailer, timeoutMs === undefined ? {} : { timeoutMs });
}

/** A TCP server on loopback that accepts and never says a word: an SMTP server that hangs before its greeting. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silentServer: no TCP address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

describe('email codes over SMTP', () => {
  it('sends the code as plain text and HTML, keeps it out of the subject, and answers the Message-ID', async () => {
    const smtp = await sink();
    const result = await delivery(smtp.url).send(EMAIL);
    const [mail] = smtp.messages;
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.envelope).toEqual({ from: 'no-reply@tessera.test', to: ['ada@example.com'] });
    expect(mail?.subject).toBe('Your verification code for Tessera');
    expect(mail?.text).toBe(`048213 is your verification code for Tessera\n\n${IGNORE}\n`);
    expect(mail?.html).toBe(`<p><strong>048213</strong> is your verification code for Tessera</p>\n<p>${IGNORE}</p>`);
    expect(result).toEqual({ provider: 'smtp', messageId: mail?.headers['message-id'] });
    expect(result.messageId).toMatch(/^<.+@.+>$/);
  });

  it('escapes the template and the tenant name in the HTML part, not in the text part', async () => {
    const smtp = await sink();
    await delivery(smtp.url).send({ ...EMAIL, tenantName: 'Ben & Jerry\'s <HQ>', template: '<b>{{code}}</b> for {{tenant.friendly_name}}' });
    expect(smtp.messages[0]?.subject).toBe('Your verification code for Ben & Jerry\'s <HQ>');
    expect(smtp.messages[0]?.text).toBe(`<b>048213</b> for Ben & Jerry's <HQ>\n\n${IGNORE}\n`);
    expect(smtp.messages[0]?.html).toBe(`<p>&lt;b&gt;<strong>048213</strong>&lt;/b&gt; for Ben &amp; Jerry&#39;s &lt;HQ&gt;</p>\n<p>${IGNORE}</p>`);
  });

  it('a refusing SMTP server (550) is a final failure; an unreachable one is retryable', async () => {
    const refusing = await sink({ refuseWith: `Mailbox unavailable for ${CODE}` });
    const refused = await failureOf(delivery(refusing.url).send(EMAIL));
    const unreachable = await failureOf(delivery(`smtp://127.0.0.1:${await closedPort()}`).send(EMAIL));
    expect([refused, unreachable]).toEqual([
      { name: 'DeliveryError', provider: 'smtp', retryable: false, providerCode: '550', message: 'The SMTP server refused the message (550).' },
      { name: 'DeliveryError', provider: 'smtp', retryable: true, providerCode: undefined, message: 'The SMTP server could not be reached.' },
    ]);
  });

  it('a server that never greets is given up on after the timeout, retryable', async () => {
    const silent = await silentServer();
    try {
      expect(await failureOf(delivery(silent.url, 200).send(EMAIL))).toEqual({
        name: 'DeliveryError',
        provider: 'smtp',
        retryable: true,
        providerCode: undefined,
        message: 'The SMTP server did not answer within 0.2 s.',
      });
    } finally {
      await silent.close();
    }
  });

  it('never puts the code in what it throws, even when the server quotes it back', async () => {
    const refusing = await sink({ refuseWith: `Mailbox unavailable for ${CODE}` });
    const error = await delivery(refusing.url).send(EMAIL).then(
      () => expect.unreachable(),
      (e: unknown) => e,
    );
    expect(everythingIn(error)).not.toContain(CODE);
  });

  it('refuses another channel and a template without {{code}}, sending nothing', async () => {
    const smtp = await sink();
    const sms = await failureOf(delivery(smtp.url).send({ ...EMAIL, channel: 'sms' }));
    const noCode = await failureOf(delivery(smtp.url).send({ ...EMAIL, template: 'Hello' }));
    expect([sms.message, noCode.message]).toEqual(['SMTP delivers email codes only.', 'The message template cannot be used: The template must contain {{code}}.']);
    expect(smtp.messages).toEqual([]);
  });
});
