import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest, type FastifySchema } from 'fastify';
import { ManagementErrors } from './errors.js';
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

/** Request headers the docs UI's static files answer to (conditional and range requests, compression). */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-encoding', 'if-none-match', 'if-modified-since', 'range'];
/** Response headers of the docs UI that describe its content; the docs area adds its own security headers. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'content-range', 'accept-ranges', 'content-encoding', 'vary', 'content-security-policy'];

/**
 * Swagger UI (@fastify/swagger-ui) on a Fastify instance of its own, made on the first docs request:
 * loading the plugin and its static-file server was the largest part of a server's start-up, for a page
 * few servers ever show. It serves the same document the server generates (@fastify/swagger's static mode).
 */
async function buildDocsUi(app: FastifyInstance, prefix: string): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const ui = Fastify({ logger: false });
  await ui.register(swagger, { mode: 'static', specification: { document: app.swagger() as never } });
  await ui.register(swaggerUi, { routePrefix: prefix, uiConfig: { docExpansion: 'list', deepLinking: false } });
  await ui.ready();
  return ui;
}

/** The public documentation routes, mounted by the docs area under /api/v2 (read-only, like Auth0's own). */
export const openApiDocs: FastifyPluginAsync = async (app) => {
  let ui: Promise<FastifyInstance> | undefined;
  const serveUi = async (request: FastifyRequest, reply: FastifyReply) => {
    ui ??= buildDocsUi(app, `${app.prefix}/docs`).catch((error: unknown) => {
      ui = undefined;
      throw error;
    });
    const headers = Object.fromEntries(FORWARDED_REQUEST_HEADERS.flatMap((name) => (typeof request.headers[name] === 'string' ? [[name, request.headers[name]]] : [])));
    const answer = await (await ui).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers });
    // Anything the UI does not have is a 404 in the Management shape, as every other /api/v2 path.
    if (answer.statusCode === 404) throw ManagementErrors.notFoundRoute();
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.get('/docs', { schema: { hide: true } }, serveUi);
  app.get('/docs/*', { schema: { hide: true } }, serveUi);
  app.addHook('onClose', async () => {
    await (await ui?.catch(() => undefined))?.close();
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
