import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildConfiguredServer } from '../helpers/configured-server.js';
import { mgmtError } from '../helpers/management.js';
import { listenOnLoopback, openRaw, parseRaw } from '../helpers/raw-socket.js';
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
