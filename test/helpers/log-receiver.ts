import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One POST as the receiver saw it. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface StreamEvent {
  log_id: string;
  data: Record<string, unknown> & { log_id: string; type: string };
}

export interface LogReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The status to answer the next requests with (200 unless set); `hang` never answers. */
  answer(status: number | 'hang'): void;
  /** Events of the 2xx-answered requests, in order of arrival, decoded by the stream's format. */
  accepted(format: 'JSONARRAY' | 'JSONLINES' | 'JSONOBJECT', path?: string): StreamEvent[];
  /** Resolves when `condition` holds, checked after every request; rejects after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export function decodeBody(format: 'JSONARRAY' | 'JSONLINES' | 'JSONOBJECT', body: string): StreamEvent[] {
  if (format === 'JSONARRAY') return JSON.parse(body) as StreamEvent[];
  if (format === 'JSONLINES') return body.split('\n').map((line) => JSON.parse(line) as StreamEvent);
  return [JSON.parse(body) as StreamEvent];
}

/** A real HTTP receiver on 127.0.0.1, as a customer's log collector would be. */
export async function startLogReceiver(): Promise<LogReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let next: number | 'hang' = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const status = next;
      requests.push({ path: req.url ?? '', headers: req.headers, body, status: status === 'hang' ? 0 : status });
      waiters.forEach((waiter) => waiter());
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startLogReceiver: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    requests,
    answer: (status) => void (next = status),
    accepted: (format, path) =>
      requests.filter((r) => r.status >= 200 && r.status < 300 && (path === undefined || r.path === path)).flatMap((r) => decodeBody(format, r.body)),
    until(condition, timeoutMs = 15_000, what = 'the receiver condition') {
      if (condition()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${what} did not hold within ${timeoutMs} ms (${requests.length} requests)`));
        }, timeoutMs);
        const check = () => {
          if (!condition()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
