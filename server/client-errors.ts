import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ManagementErrors, OAuthErrors, statusText, type ManagementError, type OAuthError } from './errors.js';
import { shapeForPath, type ErrorShape } from './http-errors.js';
import { API_CACHE_HEADERS, BASE_SECURITY_HEADERS } from './security-headers.js';

/** Node's `clientError` carries the bytes it failed to parse (https://nodejs.org/api/http.html#event-clienterror). */
type ClientError = Error & { code?: string; rawPacket?: unknown };

/** The request each socket is receiving, so a timeout mid-body answers in that request's area. */
const inFlight = new WeakMap<Socket, { url: string; response: ServerResponse }>();

export function trackRequestsInFlight(app: FastifyInstance): void {
  // `done`, not async: see security-headers.ts.
  app.addHook('onRequest', function trackInFlight(request, reply, done) {
    inFlight.set(request.raw.socket, { url: request.url, response: reply.raw });
    done();
  });
}

const REQUEST_LINE = /^[A-Z]+ (\S+) HTTP\/\d\.\d\r?\n/;

/**
 * The path decides the area (no route context exists yet: http-errors.ts shapeForPath). When even the
 * request line was not read, the root's area answers, as the root not-found handler does: the OAuth shape.
 */
function shapeOf(error: ClientError, socket: Socket): ErrorShape {
  const tracked = inFlight.get(socket)?.url;
  const parsed = Buffer.isBuffer(error.rawPacket) ? REQUEST_LINE.exec(error.rawPacket.toString('latin1'))?.[1] : undefined;
  const path = tracked ?? parsed;
  return path === undefined ? 'oauth' : shapeForPath(path);
}

function errorFor(code: string | undefined, management: boolean): OAuthError | ManagementError {
  if (code === 'HPE_HEADER_OVERFLOW') return management ? ManagementErrors.headersTooLarge() : OAuthErrors.headersTooLarge();
  if (code?.includes('TIMEOUT')) return management ? ManagementErrors.requestTimeout() : OAuthErrors.requestTimeout();
  return management ? ManagementErrors.malformedRequest() : OAuthErrors.malformedRequest();
}

/**
 * Fastify's `clientErrorHandler`: Node's parser refused the bytes (oversized headers, Content-Length
 * with Transfer-Encoding, a bad chunk) or a deadline passed. Answers in the area's error shape, then
 * closes the connection: after a framing error nothing more on it can be trusted (RFC 9112 §6.3).
 */
export function clientErrorHandler(this: FastifyInstance, error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Never the error itself: its rawPacket holds the request's bytes, bearer tokens and cookies included.
  this.log.debug({ code: error.code }, 'client error');
  const response = inFlight.get(socket)?.response;
  if (socket.writable && !response?.headersSent) {
    const known = errorFor(error.code, shapeOf(error, socket) === 'management');
    const status = 'status' in known ? known.status : known.statusCode;
    const body = JSON.stringify(known.toBody());
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...API_CACHE_HEADERS,
      ...BASE_SECURITY_HEADERS,
      connection: 'close',
    };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(`HTTP/1.1 ${String(status)} ${statusText(status)}\r\n${head}\r\n${body}`);
  }
  socket.destroySoon();
}
