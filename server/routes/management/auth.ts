import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors as joseErrors } from 'jose';
import { ManagementErrors } from '../../errors.js';
import { parseScope, type ManagementScope } from '../../scopes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Management API scopes of which the caller's token needs any one. */
    scopes?: readonly ManagementScope[];
  }
  interface FastifyRequest {
    management?: { clientId: string; scopes: string[] };
  }
}

/**
 * Closed by default: every Management API route names its scopes, or the server refuses to start
 * (a route that forgot them would otherwise be served to anyone). The hook checks the bearer token
 * (audience `{issuer}api/v2/`) before the body is even parsed, so an anonymous caller learns nothing.
 */
export function registerManagementAuth(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const scopes = route.config?.scopes;
    if (!scopes || scopes.length === 0) throw new Error(`Management route ${route.method.toString()} ${route.url} declares no config.scopes`);
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // The route list is public (openapi.json): a 404 before authentication reveals nothing new.
    if (request.is404) return;
    const required = request.routeOptions.config.scopes ?? [];
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw ManagementErrors.missingAuthentication();
    let payload;
    try {
      payload = await app.tessera.signer.verify(match[1], app.tessera.audiences.management);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw ManagementErrors.expiredToken();
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') throw ManagementErrors.invalidToken('Bad audience');
      if (error instanceof joseErrors.JOSEError) throw ManagementErrors.invalidToken();
      throw error;
    }
    const scopes = parseScope(typeof payload.scope === 'string' ? payload.scope : '');
    if (!required.some((scope) => scopes.includes(scope))) throw ManagementErrors.insufficientScope(required);
    request.management = { clientId: String(payload.azp ?? payload.sub ?? ''), scopes };
  });
}
