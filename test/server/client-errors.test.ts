import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildConfiguredServer } from '../helpers/configured-server.js';
import { mgmtError } from '../helpers/management.js';
import { listenOnLoopback, openRaw, parseRaw, type RawExchange } from '../helpers/raw-socket.js';
import type { TestServer } from '../helpers/server.js';

/** Errors Node's HTTP parser raises before routing still answer in the area's shape, then close. */

const OVERSIZE_HEADER = `x-filler: ${'a'.repeat(20 * 1024)}\r\n`;
const CL_AND_TE = 'content-type: application/json\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n';
const BAD_CHUNK = 'content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n';

const oauth = (status: number, description: string) => ({ status, body: { error: 'invalid_request', error_description: description } });
const management = (status: number, code: string, message: string) => ({ status, body: mgmtError(status, code, message) });

const TOO_LARGE = 'Request header fields are too large.';
const MALFORMED = 'The request is not valid HTTP.';

describe('client errors before routing', () => {
  let server: TestServer;
  let port: number;
  beforeEach(async () => {
    server = await buildConfiguredServer();
    port = await listenOnLoopback(server.app);
  });
  afterEach(() => server.close());

  it.each([
    ['20 KB of headers to /oauth/token', `POST /oauth/token HTTP/1.1\r\nhost: x\r\n${OVERSIZE_HEADER}\r\n`, oauth(431, TOO_LARGE)],
    ['20 KB of headers to the Management API', `GET /api/v2/users HTTP/1.1\r\nhost: x\r\n${OVERSIZE_HEADER}\r\n`, management(431, 'request_header_fields_too_large', TOO_LARGE)],
    ['20 KB of headers to the device API', `GET /appliance-mfa/api/device-accounts/x HTTP/1.1\r\nhost: x\r\n${OVERSIZE_HEADER}\r\n`, management(431, 'request_header_fields_too_large', TOO_LARGE)],
    ['Content-Length with Transfer-Encoding to /oauth/token', `POST /oauth/token HTTP/1.1\r\nhost: x\r\n${CL_AND_TE}`, oauth(400, MALFORMED)],
    ['Content-Length with Transfer-Encoding to the Management API', `POST /api/v2/users HTTP/1.1\r\nhost: x\r\n${CL_AND_TE}`, management(400, 'invalid_request', MALFORMED)],
    ['a bad chunk size to /mfa/associate', `POST /mfa/associate HTTP/1.1\r\nhost: x\r\n${BAD_CHUNK}`, oauth(400, MALFORMED)],
    ['a bad chunk size to the Management API', `POST /api/v2/clients HTTP/1.1\r\nhost: x\r\n${BAD_CHUNK}`, management(400, 'invalid_request', MALFORMED)],
    ['a request line that is not HTTP (no path to go by: the root area, OAuth)', 'GARBAGE\r\n\r\n', oauth(400, MALFORMED)],
  ])('answers %s in its area shape, with connection: close', async (_label, request, expected) => {
    const raw = await openRaw(port, request).closed;
    const response = parseRaw(raw);
    expect({ status: response.status, body: response.body }).toEqual(expected);
    expect(response.headers).toMatchObject({
      connection: 'close',
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  }, 30_000);

  it('answers 20 KB of headers after a complete request on the same connection in that request\'s area, not the first one\'s', async () => {
    const exchange = openRaw(port, 'GET /.well-known/openid-configuration HTTP/1.1\r\nhost: x\r\n\r\n');
    const first = await firstResponse(exchange);
    exchange.socket.write(`GET /api/v2/users HTTP/1.1\r\nhost: x\r\n${OVERSIZE_HEADER}\r\n`);
    const response = parseRaw((await exchange.closed).slice(first.length));
    expect({ status: response.status, body: response.body }).toEqual(management(431, 'request_header_fields_too_large', TOO_LARGE));
    expect(response.headers.connection).toBe('close');
  }, 30_000);
});

describe('client errors in the log', () => {
  it('never logs the refused bytes: a bearer token and cookie in oversized headers stay out, even at trace level', async () => {
    const lines: string[] = [];
    const server = await buildConfiguredServer({ logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } } });
    try {
      const port = await listenOnLoopback(server.app);
      const token = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl';
      const cookie = 'tessera_session=s3cr3t-cookie-value';
      const request = `GET /api/v2/users HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncookie: ${cookie}\r\n${OVERSIZE_HEADER}\r\n`;
      expect(parseRaw(await openRaw(port, request).closed).status).toBe(431);
      const log = lines.join('');
      expect(log).toContain('client error');
      // The secrets as text, and as the byte lists a serialized Buffer would show.
      for (const secret of [token, cookie]) {
        expect(log).not.toContain(secret);
        expect(log).not.toContain(JSON.stringify([...Buffer.from(secret)]).slice(1, -1));
      }
    } finally {
      await server.close();
    }
  }, 30_000);
});

/**
 * A head that stalls: Node raises the headers timeout with none of the bytes attached, so the area comes
 * from the request line the server recorded. Short limits, so the tests wait for the server's answer.
 */
describe('a request head that never ends', () => {
  const TIMEOUT = 'The request was not received in time.';
  const OAUTH_408 = { error: 'invalid_request', error_description: TIMEOUT };
  const MANAGEMENT_408 = mgmtError(408, 'request_timeout', TIMEOUT);
  // A first request in the other area, so a path kept from it would show in the 408's shape.
  const TO_THE_ROOT = 'GET /.well-known/openid-configuration HTTP/1.1\r\nhost: x\r\n\r\n';
  const TO_THE_DEVICE_API = 'GET /appliance-mfa/no-such-route HTTP/1.1\r\nhost: x\r\n\r\n';

  let server: TestServer;
  let port: number;
  const sockets: RawExchange[] = [];
  beforeEach(async () => {
    server = await buildConfiguredServer({ http: { requestTimeoutMs: 300, headersTimeoutMs: 300 } });
    port = await listenOnLoopback(server.app);
  });
  afterEach(async () => {
    for (const { socket } of sockets.splice(0)) socket.destroy();
    await server.close();
  });

  /** A raw connection, and the server's end of it (to see what the server has read). */
  async function connect(): Promise<{ exchange: RawExchange; serverSide: Socket }> {
    const accepted = once(server.app.server, 'connection') as Promise<[Socket]>;
    const exchange = openRaw(port);
    sockets.push(exchange);
    const [serverSide] = await accepted;
    return { exchange, serverSide };
  }

  /** Each piece in its own read on the server: the next is written once the server has read the last. */
  async function sendInPieces({ exchange, serverSide }: { exchange: RawExchange; serverSide: Socket }, pieces: string[]): Promise<void> {
    for (const piece of pieces) {
      const target = serverSide.bytesRead + Buffer.byteLength(piece);
      exchange.socket.write(piece);
      while (serverSide.bytesRead < target) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // The head in three reads: the request line split in two, then a header line and no end.
  const cases = [
    ['the Management API', ['GET /api', '/v2/users HTTP/1.1\r\n'], MANAGEMENT_408, TO_THE_ROOT],
    ['the device API', ['GET /appliance-mfa/api/device-', 'accounts/dev_1 HTTP/1.1\r\n'], MANAGEMENT_408, TO_THE_ROOT],
    ['/oauth/token', ['POST /oauth', '/token HTTP/1.1\r\n'], OAUTH_408, TO_THE_DEVICE_API],
    ['/mfa/authenticators', ['GET /mfa/auth', 'enticators HTTP/1.1\r\n'], OAUTH_408, TO_THE_DEVICE_API],
  ] as const;
  const HEADER_LINE = 'host: x\r\nauthorization: Bearer x\r\n';

  it.each(cases)('answers 408 in the shape of %s on a new connection, then closes', async (_area, requestLine, body) => {
    const connection = await connect();
    await sendInPieces(connection, [...requestLine, HEADER_LINE]);
    const response = parseRaw(await connection.exchange.closed);
    expect(response).toEqual({ status: 408, headers: expectedHeaders(body), body });
  }, 30_000);

  it.each(cases)('answers 408 in the shape of %s after a complete request on the same connection', async (_area, requestLine, body, first) => {
    const connection = await connect();
    const answered = firstResponse(connection.exchange);
    await sendInPieces(connection, [first]);
    const firstAnswer = await answered;
    expect(firstAnswer).toMatch(/^HTTP\/1\.1 (200|404) /);
    expect(firstAnswer).not.toMatch(/\r\nconnection: close\r\n/i);
    await sendInPieces(connection, [...requestLine, HEADER_LINE]);
    const response = parseRaw((await connection.exchange.closed).slice(firstAnswer.length));
    expect(response).toEqual({ status: 408, headers: expectedHeaders(body), body });
  }, 30_000);

  it('answers in the root area, OAuth, when even the request line did not arrive', async () => {
    const connection = await connect();
    await sendInPieces(connection, ['GET /api/v2/us']);
    const response = parseRaw(await connection.exchange.closed);
    expect(response).toEqual({ status: 408, headers: expectedHeaders(OAUTH_408), body: OAUTH_408 });
  }, 30_000);
});

/** Resolves with the first response once all of it (head and Content-Length body) has arrived. */
function firstResponse(exchange: RawExchange): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    exchange.socket.on('data', function whole(chunk: Buffer) {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(received.slice(0, end + 2))?.[1];
      if (end === -1 || length === undefined || received.length < end + 4 + Number(length)) return;
      exchange.socket.off('data', whole);
      resolve(received.slice(0, end + 4 + Number(length)));
    });
  });
}

function expectedHeaders(body: object): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(JSON.stringify(body))),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  };
}
