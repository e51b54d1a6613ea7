import type { Transporter } from 'nodemailer';

export interface EmailMessage {
  /** Left out: the Mailer's own (TESSERA_MAIL_FROM). */
  from?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves with the Message-ID header the message went out with. */
  send(message: EmailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * SMTP delivery through nodemailer; the URL carries host, port, TLS and credentials. nodemailer is
 * loaded with the first message (it is the largest module the server has, and most starts send none).
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  let transport: Promise<Transporter> | undefined;
  let closed = false;
  const open = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import('nodemailer');
    const created = nodemailer.createTransport(smtpUrl);
    // A close() while nodemailer was loading still closes the transport it made.
    if (closed) created.close();
    return created;
  };
  return {
    async send(message) {
      transport ??= open();
      const info = await (await transport).sendMail({ from, ...message });
      return { messageId: info.messageId };
    },
    close() {
      closed = true;
      void transport?.then((open) => open.close());
    },
  };
}
