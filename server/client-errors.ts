import type { Socket } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ManagementErrors, OAuthErrors, statusText, type ManagementError, type OAuthError } from './errors.js';
import { shapeForPath, type ErrorShape } from './http-errors.js';
import { API_CACHE_HEADERS, BASE_SECURITY_HEADERS } from './security-headers.js';

/** Node's `clientError` carries the bytes it failed to parse (https://nodejs.org/api/http.html#event-clienterror). */
type ClientError = Error & { code?: string; rawPacket?: unknown };

/** The last request routed on each socket, so a timeout mid-body answers in that request's area. */
const inFlight = new WeakMap<Socket, { request: IncomingMessage; response: ServerResponse }>();

/** The path of a request line received on each socket whose head has not ended yet (see recordRequestLines). */
const heads = new WeakMap<Socket, HeadInProgress>();

interface HeadInProgress {
  /** What arrived of the request line, until its CRLF. */
  line: string;
  /** Undefined until the line ends; null when it is not one to read a path from. */
  path?: string | null;
}

export function trackRequestsInFlight(app: FastifyInstance): void {
  // `done`, not async: see security-headers.ts.
  app.addHook('onRequest', function trackInFlight(request, reply, done) {
    inFlight.set(request.raw.socket, { request: request.raw, response: reply.raw });
    done();
  });
  recordRequestLines(app.server);
}

/**
 * The slice of Node's internal HTTP parser used below, as lib/_http_server.js sets it up for each
 * connection (https://github.com/nodejs/node/blob/v20.x/lib/_http_server.js, connectionListenerInternal):
 * `parser[kOnExecute]` runs once per chunk read from the socket, after the chunk is parsed, and
 * `getCurrentBuffer()` copies that chunk (src/node_http_parser.cc, OnStreamRead).
 */
interface NodeHttpParser {
  incoming: IncomingMessage | null;
  getCurrentBuffer(): Buffer;
  [slot: number]: unknown;
}

/**
 * A head that stalls ends in Node's headers timeout, whose clientError carries no bytes: the parser keeps
 * the URL in C++ until the head is complete (src/node_http_parser.cc, on_url and on_headers_complete), and
 * no hook of Fastify's has run. So the request line is kept as it arrives, but only while a head is
 * arriving: a chunk that completes a head (the common case, a whole head in one read) costs a property
 * read and a comparison, and is never copied. Not recorded: a head that starts in the read that ends
 * the request before it (pipelining), and any head where a Node version lacks these internals (checked
 * on Node 20 and 22); such a timeout answers in the root's area, as when no request line arrived.
 */
function recordRequestLines(server: Server): void {
  server.on('connection', function watchHeads(socket: Socket & { parser?: NodeHttpParser }) {
    const parser = socket.parser;
    const slot = (parser?.constructor as { kOnExecute?: unknown } | undefined)?.kOnExecute;
    if (parser === undefined || typeof slot !== 'number' || typeof parser.getCurrentBuffer !== 'function') return;
    const onExecute = parser[slot];
    if (typeof onExecute !== 'function') return;
    // `parser.incoming` is the request whose head ended last (or null once Node lets it go).
    let seen: IncomingMessage | null = null;
    // True when no request was between the end of its head and the end of its body at the last read.
    let betweenRequests = true;
    let head: HeadInProgress | undefined;
    parser[slot] = function onChunkParsed(result: unknown): unknown {
      const incoming = parser.incoming;
      if (incoming !== null && incoming !== seen) {
        // A head ended in this chunk: that request is Fastify's now (trackInFlight).
        if (head !== undefined) heads.delete(socket);
        head = undefined;
      } else if (head !== undefined || betweenRequests) {
        head ??= startHead(socket);
        if (head.path === undefined) readRequestLine(head, parser.getCurrentBuffer());
      }
      seen = incoming;
      betweenRequests = incoming === null || incoming.complete;
      return (onExecute as (result: unknown) => unknown)(result);
    };
  });
}

function startHead(socket: Socket): HeadInProgress {
  const head: HeadInProgress = { line: '' };
  heads.set(socket, head);
  return head;
}

/** RFC 9112 §3: method SP request-target SP HTTP-version CRLF. */
const REQUEST_LINE = /^[A-Z]+ (\S+) HTTP\/\d\.\d\r?\n/;

/**
 * Grows until the line's CRLF, then only the path is kept; the empty lines a server ignores before a
 * request line (RFC 9112 §2.2) are dropped. Node's parser bounds the rest: a request-target counts
 * towards the header size limit, and anything but a method token before it is a parse error.
 */
function readRequestLine(head: HeadInProgress, chunk: Buffer): void {
  head.line = (head.line + chunk.toString('latin1')).replace(/^[\r\n]+/, '');
  const path = REQUEST_LINE.exec(head.line)?.[1];
  if (path === undefined && !head.line.includes('\n')) return;
  head.path = path ?? null;
  head.line = '';
}

/**
 * The request a client error is about, and whether the connection may still get an answer. The request
 * Fastify routed last is the one only while its body is still arriving (https://nodejs.org/api/http.html#messagecomplete):
 * once complete, the error is about a later request on the same keep-alive connection.
 */
function requestOf(error: ClientError, socket: Socket): { path: string | undefined; answerable: boolean } {
  const routed = inFlight.get(socket);
  if (routed !== undefined && !routed.request.complete) {
    return { path: routed.request.url, answerable: !routed.response.headersSent };
  }
  const parsed = Buffer.isBuffer(error.rawPacket) ? REQUEST_LINE.exec(error.rawPacket.toString('latin1'))?.[1] : undefined;
  // An earlier response still being written (an event stream) cannot be cut by another status line.
  const busy = routed !== undefined && routed.response.headersSent && !routed.response.writableEnded;
  return { path: heads.get(socket)?.path ?? parsed, answerable: !busy };
}

/**
 * The path decides the area (no route context exists yet: http-errors.ts shapeForPath). When even the
 * request line was not read, the root's area answers, as the root not-found handler does: the OAuth shape.
 */
function shapeOf(path: string | undefined): ErrorShape {
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
  const request = requestOf(error, socket);
  if (socket.writable && request.answerable) {
    const known = errorFor(error.code, shapeOf(request.path) === 'management');
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
