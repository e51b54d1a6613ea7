import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync, FastifySchema } from 'fastify';
import { MANAGEMENT_SCOPES } from './scopes.js';

/**
 * The OpenAPI 3 document is generated from the routes' own TypeBox schemas (never hand-written):
 * served at /api/v2/openapi.json, with Swagger UI at /api/v2/docs. Registered on the root so it sees every area's routes.
 */
export async function registerOpenApi(app: FastifyInstance, issuer: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tessera API',
        version: '1.0.0',
        description: "Auth0-compatible MFA API (/oauth/token, /mfa/*) and Management API v2 (/api/v2/*).",
      },
      servers: [{ url: issuer.replace(/\/$/, '') }],
      components: {
        securitySchemes: {
          managementToken: {
            type: 'oauth2',
            description: 'A client_credentials access token for the audience {issuer}api/v2/.',
            // Every scope an operation names must be one the flow offers (OpenAPI 3.0.3 OAuth Flow Object).
            flows: { clientCredentials: { tokenUrl: `${issuer}oauth/token`, scopes: Object.fromEntries(MANAGEMENT_SCOPES.map((scope) => [scope, scope])) } },
          },
          mfaBearer: { type: 'http', scheme: 'bearer', description: 'An mfa_token or an MFA-audience access token.' },
        },
      },
    },
    transform({ schema, url, route }) {
      const scopes = route.config?.scopes;
      const tags = url.startsWith('/api/v2/') ? ['Management API v2'] : url.startsWith('/mfa/') ? ['MFA API'] : ['Authentication API'];
      const description = scopes ? `Scopes: any of ${scopes.join(', ')}.` : undefined;
      const security = scopes ? [{ managementToken: [...scopes] }] : url.startsWith('/mfa/') ? [{ mfaBearer: [] }] : undefined;
      return {
        url,
        schema: { ...(schema as FastifySchema), tags, ...(description ? { description } : {}), ...(security ? { security } : {}) } as FastifySchema,
      };
    },
  });
}

/** The public documentation routes, mounted by the docs area under /api/v2 (read-only, like Auth0's own). */
export const openApiDocs: FastifyPluginAsync = async (app) => {
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
