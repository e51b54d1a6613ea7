import type { Server } from 'node:http';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './config.js';

/** Node checks request and header deadlines on an interval (default 30 s): at most this, so a deadline holds to within it. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1000;

export function resolveHttpLimits(configured: Partial<HttpLimits> = {}): HttpLimits {
  return { ...DEFAULT_HTTP_LIMITS, ...configured };
}

/**
 * Applies the limits to a Node HTTP server before it listens (Fastify's own, or a host's that routes
 * into the app). requestTimeout covers receiving a request only, so an event stream that answers for
 * hours is unaffected (https://nodejs.org/api/http.html#serverrequesttimeout).
 */
export function applyHttpLimits(server: Server, limits: HttpLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  // Node refuses a headers deadline later than the whole request's.
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    MAX_TIMEOUT_CHECK_INTERVAL_MS,
    Math.ceil(server.headersTimeout / 2),
  );
  server.setTimeout(limits.idleTimeoutMs);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.maxConnections = limits.maxConnections;
}
