import type { FastifyPluginAsync } from 'fastify';
import { requestOrigin } from '../../context.js';
import { OAuthErrors } from '../../errors.js';
import { grantRegistry } from '../../grants/registry.js';
import { authenticateClient } from '../../services/client-auth.js';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * POST /oauth/token, form-encoded or JSON (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-mfa-with-otp). A short pipeline: read grant_type,
 * find the grant, authenticate the client, check the client may use the grant, check parameters, run.
 */
export const tokenRoute: FastifyPluginAsync = async (app) => {
  app.post('/oauth/token', async (request, reply) => {
    const t = app.tessera;
    const raw = request.body ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw OAuthErrors.invalidRequest('The request body must be an object.');
    const body = raw as Record<string, unknown>;
    if (body.grant_type === undefined) throw OAuthErrors.missingParameter('grant_type');
    if (typeof body.grant_type !== 'string') throw OAuthErrors.invalidRequest('Invalid parameter: grant_type must be of type string');
    const registered = grantRegistry.get(body.grant_type);
    if (!registered) throw OAuthErrors.unsupportedGrantType(body.grant_type);
    const client = await authenticateClient(t, body, request.headers.authorization);
    if (!client.grant_types.includes(body.grant_type)) throw OAuthErrors.unauthorizedClient(body.grant_type);
    registered.check(body);
    const tokens = await registered.grant.handler({ t, client, origin: requestOrigin(request) }, body);
    return reply.headers(NO_STORE).send(tokens);
  });
};
