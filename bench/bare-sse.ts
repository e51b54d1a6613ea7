import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createSseParser } from '../src-main/push-device/index.js';

/**
 * The baseline: a plain node:http server whose POST /trigger writes one SSE event to the stream a
 * client already holds open on GET /events: the floor any push channel over HTTP on loopback pays
 * (two requests' parsing, one socket write, the client's SSE parsing), with no database, no auth.
 */
export interface BareSse {
  /** One round trip: POST sent → the event parsed on the open stream; milliseconds. */
  roundTrip(body: unknown): Promise<number>;
  close(): Promise<void>;
}

function frame(id: number, data: unknown): string {
  return `event: push\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function startBareSse(): Promise<BareSse> {
  let stream: ServerResponse | undefined;
  let counter = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      stream = res;
      return;
    }
    if (req.method === 'POST' && req.url === '/trigger') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        counter += 1;
        stream?.write(frame(counter, { n: counter, body }));
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const controller = new AbortController();
  let waiting: ((at: number) => void) | undefined;
  const parser = createSseParser({
    onEvent(event) {
      JSON.parse(event.data);
      const at = performance.now();
      waiting?.(at);
      waiting = undefined;
    },
  });
  const response = await fetch(`${base}/events`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (!response.body) throw new Error('bare SSE: no stream body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  })().catch(() => undefined);

  return {
    async roundTrip(body) {
      const received = new Promise<number>((resolve) => (waiting = resolve));
      const sentAt = performance.now();
      const answer = await fetch(`${base}/trigger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await answer.arrayBuffer();
      return (await received) - sentAt;
    },
    async close() {
      controller.abort();
      await pump;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
