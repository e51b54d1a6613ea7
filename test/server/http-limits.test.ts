import { afterEach, describe, expect, it } from 'vitest';
import type { HttpLimits } from '../../server/config.js';
import { buildConfiguredServer } from '../helpers/configured-server.js';
import { mgmtError } from '../helpers/management.js';
import { listenOnLoopback, openRaw, parseRaw, type RawExchange } from '../helpers/raw-socket.js';
import { managementToken, type TestServer } from '../helpers/server.js';

/** Short limits so the tests wait for a close event, never for a margin of time. */
const SHORT_REQUEST: Partial<HttpLimits> = { requestTimeoutMs: 200, headersTimeoutMs: 200 };

describe('HTTP limits on a listening server', () => {
  let server: TestServer | undefined;
  const sockets: RawExchange[] = [];
  afterEach(async () => {
    for (const { socket } of sockets.splice(0)) socket.destroy();
    await server?.close();
    server = undefined;
  });

  async function start(http: Partial<HttpLimits>): Promise<{ port: number; app: TestServer['app'] }> {
    server = await buildConfiguredServer({ http });
    return { port: await listenOnLoopback(server.app), app: server.app };
  }

  it.each([
    ['/oauth/token', false, { error: 'invalid_request', error_description: 'The request was not received in time.' }],
    ['/api/v2/users', true, mgmtError(408, 'request_timeout', 'The request was not received in time.')],
  ])('answers a body that stalls after one byte on %s with 408 in its area shape and closes', async (path, withToken, expected) => {
    const { port, app } = await start(SHORT_REQUEST);
    const auth = withToken ? `authorization: Bearer ${await managementToken(app)}\r\n` : '';
    const exchange = openRaw(port, `POST ${path} HTTP/1.1\r\nhost: x\r\n${auth}content-type: application/json\r\ncontent-length: 100\r\n\r\n{`);
    sockets.push(exchange);
    const response = parseRaw(await exchange.closed);
    expect({ status: response.status, body: response.body }).toEqual({ status: 408, body: expected });
    expect(response.headers.connection).toBe('close');
  }, 30_000);

  it('closes a connection that never finishes its headers', async () => {
    const { port } = await start(SHORT_REQUEST);
    const exchange = openRaw(port, 'GET /.well-known/jwks.json HTTP/1.1\r\nhost: x\r\n');
    sockets.push(exchange);
    const response = parseRaw(await exchange.closed);
    expect(response.status).toBe(408);
  }, 30_000);

  it('refuses a connection beyond the cap, and serves again once one closes', async () => {
    const { port } = await start({ maxConnections: 2 });
    const request = 'GET /.well-known/openid-configuration HTTP/1.1\r\nhost: x\r\n\r\n';
    const held = [openRaw(port, request), openRaw(port, request)];
    sockets.push(...held);
    // Both answered, so both are counted: the server holds them open (keep-alive).
    for (const exchange of held) expect(await exchange.firstData).toMatch(/^HTTP\/1\.1 200/);
    const refused = openRaw(port, request);
    sockets.push(refused);
    expect(await refused.closed).toBe('');
    held[0]?.socket.destroy();
    await held[0]?.closed;
    // The server learns of the close asynchronously; retry until a slot is free again.
    let answered = '';
    while (!answered.startsWith('HTTP/1.1 200')) {
      const again = openRaw(port, request);
      sockets.push(again);
      answered = await Promise.race([again.firstData, again.closed]);
    }
    expect(answered).toMatch(/^HTTP\/1\.1 200/);
  }, 30_000);
});
