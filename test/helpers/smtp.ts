import { createServer as createNetServer } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message as the SMTP server received it: the envelope, and the MIME message decoded. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** Header names lower-cased, folded lines unfolded, RFC 2047 words decoded. */
  headers: Record<string, string>;
  subject: string;
  /** The text/plain part, transfer encoding undone. */
  text: string;
  /** The text/html part, transfer encoding undone. */
  html: string;
  raw: string;
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for ServerConfig.mail.smtpUrl. */
  url: string;
  /** Every message received, in order; refused ones too when the sink refuses. */
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Answer the end of DATA with 550 and this text: the message arrives, delivery fails. */
  refuseWith?: string;
}

const addressOf = (address: SMTPServerAddress | false): string => (address === false ? '' : address.address);

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port that keeps what it is sent.
 * No STARTTLS (its default certificate is self-signed and nodemailer would upgrade to it) and no AUTH.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = { from: addressOf(session.envelope.mailFrom), to: session.envelope.rcptTo.map(addressOf) };
        messages.push({ envelope, ...parseMessage(Buffer.concat(chunks).toString('utf8')) });
        if (options.refuseWith === undefined) return callback();
        return callback(Object.assign(new Error(options.refuseWith), { responseCode: 550 }));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('startSmtpSink: no TCP address');
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (bound, then released): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('closedPort: no TCP address');
  return address.port;
}

/** RFC 2047 encoded words (`=?utf-8?Q?…?=`, `=?utf-8?B?…?=`) in a header value. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_word, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** RFC 2045 §6.7: soft line breaks dropped, `=XX` bytes restored, then read as UTF-8. */
function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i += 1) {
    const hex = input[i] === '=' ? /^[0-9A-Fa-f]{2}$/.exec(input.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

function splitHeaders(entity: string): { headers: Record<string, string>; body: string } {
  const end = entity.indexOf('\r\n\r\n');
  const head = end < 0 ? entity : entity.slice(0, end);
  const body = end < 0 ? '' : entity.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The text/* leaves of a MIME entity, by content type. */
function leaves(entity: string): { type: string; content: string }[] {
  const { headers, body } = splitHeaders(entity);
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    return parts.filter((part) => !part.startsWith('--')).flatMap((part) => leaves(part.replace(/^\r\n/, '')));
  }
  const content = decodeBody(body, headers['content-transfer-encoding']).replace(/\r\n$/, '');
  return [{ type: contentType.split(';')[0]?.trim().toLowerCase() ?? '', content: content.replace(/\r\n/g, '\n') }];
}

/** Just enough MIME (RFC 2045/2046/2047) to read what nodemailer sends. */
export function parseMessage(raw: string): Omit<ReceivedMail, 'envelope'> {
  const { headers } = splitHeaders(raw);
  const parts = leaves(raw);
  const part = (type: string) => parts.find((p) => p.type === type)?.content ?? '';
  return { headers, subject: headers.subject ?? '', text: part('text/plain'), html: part('text/html'), raw };
}
