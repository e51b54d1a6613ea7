import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../../server/deps.js';
import { verifyWebhookSignature, type WebhookVerification } from '../../../server/delivery/webhook-signature.js';

/** One POST as the receiver saw it, with what its signature check concluded. */
export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  verification: WebhookVerification;
  /** The status answered; 0 when the receiver hung. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  deliveries: WebhookDelivery[];
  /** The answers to give, in order, before falling back to 200 `{"id": "msg_<n>"}`: a status, or `hang`. */
  script(...answers: (number | 'hang')[]): void;
  close(): Promise<void>;
}

/**
 * A customer's webhook on loopback, as the custom provider's documentation asks one to be: it checks
 * `X-Tessera-Signature` over the raw body with its copy of the secret and answers 401 when that fails.
 */
export async function startWebhookReceiver(secret: string, clock: Clock): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  const answers: (number | 'hang')[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const header = req.headers['x-tessera-signature'];
      const verification = verifyWebhookSignature(secret, Array.isArray(header) ? header[0] : header, body, clock.now());
      const scripted = answers.shift() ?? 200;
      const status = scripted === 'hang' ? 0 : verification.valid ? scripted : 401;
      deliveries.push({ headers: req.headers, body, verification, status });
      if (scripted === 'hang') return;
      const answer = status === 200 ? { id: `msg_${deliveries.length}` } : { error: 'not delivered' };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startWebhookReceiver: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/sms?token=url-secret`,
    deliveries,
    script: (...next) => void answers.push(...next),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
