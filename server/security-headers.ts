import type { FastifyInstance } from 'fastify';

/** Headers every answer carries, whatever wrote it (RFC 9110 has no default; browsers sniff without it). */
export const BASE_SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

/**
 * Auth0 sends `cache-control: no-store` on Authentication and Management API answers: they carry
 * tokens, client secrets, recovery codes and ticket URLs (RFC 6749 §5.1 requires it for tokens).
 */
export const API_CACHE_HEADERS = { 'cache-control': 'no-store' } as const;

// The hooks below call `done` rather than being async: every request runs them, and an async hook costs
// Fastify a promise and a turn of the microtask queue per hook, per request (issue 12).

/** App-wide: every response gets nosniff, error and 404 answers included. */
export function registerBaseSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', function baseSecurityHeaders(_request, reply, payload, done) {
    reply.headers(BASE_SECURITY_HEADERS);
    done(null, payload);
  });
}

/** Per API area: nothing it answers may be stored by a browser or a shared cache. */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', function noStore(_request, reply, payload, done) {
    reply.headers(API_CACHE_HEADERS);
    done(null, payload);
  });
}
