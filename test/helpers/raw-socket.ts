import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Raw HTTP/1.1 for the tests of what happens before Fastify routes a request. */

export async function listenOnLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface RawExchange {
  socket: Socket;
  /** Resolves with every byte received once the server closes the connection. */
  closed: Promise<string>;
  /** Resolves with the bytes received so far once the first ones arrive. */
  firstData: Promise<string>;
}

export function openRaw(port: number, request = ''): RawExchange {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  const firstData = new Promise<string>((resolve) => socket.once('data', () => resolve(received)));
  // A reset after the answer is still an answer: the test reads what arrived.
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  if (request !== '') socket.write(request);
  return { socket, closed, firstData };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Parses one HTTP/1.1 response with a Content-Length body. */
export function parseRaw(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const text = Buffer.from(raw.slice(end + 4), 'latin1').toString('utf8');
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(text) as unknown };
}
