import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES } from '../../../server/scopes.js';
import { buildTestServer, json, type TestServer } from '../../helpers/server.js';

interface Operation {
  tags?: string[];
  description?: string;
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, { description?: string }> } }> };
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}
interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; flows?: { clientCredentials: { tokenUrl: string; scopes: Record<string, string> } } }> };
}

/** Every Management API operation, with the scopes its route demands (any one of them). */
const MANAGEMENT_OPERATIONS: [string, string, string[]][] = [
  ['post', '/api/v2/users', ['create:users']],
  ['get', '/api/v2/users', ['read:users']],
  ['get', '/api/v2/users/{id}', ['read:users']],
  ['get', '/api/v2/users-by-email', ['read:users']],
  ['patch', '/api/v2/users/{id}', ['update:users']],
  ['delete', '/api/v2/users/{id}', ['delete:users']],
  ['delete', '/api/v2/users/{id}/authenticators', ['delete:guardian_enrollments']],
  ['post', '/api/v2/users/{id}/recovery-code-regeneration', ['update:users']],
  ['post', '/api/v2/users/{id}/multifactor/actions/invalidate-remember-browser', ['update:users']],
  ['delete', '/api/v2/users/{id}/multifactor/{provider}', ['update:users']],
  ['get', '/api/v2/users/{id}/enrollments', ['read:users']],
  ['delete', '/api/v2/users/{id}/enrollments/{enrollment_id}', ['delete:guardian_enrollments']],
  ['get', '/api/v2/users/{id}/logs', ['read:logs', 'read:logs_users']],
  ['get', '/api/v2/users/{id}/authentication-methods', ['read:authentication_methods']],
  ['post', '/api/v2/users/{id}/authentication-methods', ['create:authentication_methods']],
  ['put', '/api/v2/users/{id}/authentication-methods', ['update:authentication_methods']],
  ['delete', '/api/v2/users/{id}/authentication-methods', ['delete:authentication_methods']],
  ['get', '/api/v2/users/{id}/authentication-methods/{authentication_method_id}', ['read:authentication_methods']],
  ['patch', '/api/v2/users/{id}/authentication-methods/{authentication_method_id}', ['update:authentication_methods']],
  ['delete', '/api/v2/users/{id}/authentication-methods/{authentication_method_id}', ['delete:authentication_methods']],
  ['post', '/api/v2/clients', ['create:clients']],
  ['get', '/api/v2/clients', ['read:clients']],
  ['get', '/api/v2/clients/{id}', ['read:clients']],
  ['patch', '/api/v2/clients/{id}', ['update:clients', 'update:client_keys', 'update:client_credentials']],
  ['post', '/api/v2/clients/{id}/rotate-secret', ['update:client_keys']],
  ['delete', '/api/v2/clients/{id}', ['delete:clients']],
  ['post', '/api/v2/clients/{id}/credentials', ['create:client_credentials']],
  ['get', '/api/v2/clients/{id}/credentials', ['read:client_credentials']],
  ['get', '/api/v2/clients/{id}/credentials/{credential_id}', ['read:client_credentials']],
  ['patch', '/api/v2/clients/{id}/credentials/{credential_id}', ['update:client_credentials']],
  ['delete', '/api/v2/clients/{id}/credentials/{credential_id}', ['delete:client_credentials']],
  ['get', '/api/v2/client-grants', ['read:client_grants']],
  ['post', '/api/v2/client-grants', ['create:client_grants']],
  ['patch', '/api/v2/client-grants/{id}', ['update:client_grants']],
  ['delete', '/api/v2/client-grants/{id}', ['delete:client_grants']],
  ['get', '/api/v2/resource-servers', ['read:resource_servers']],
  ['post', '/api/v2/resource-servers', ['create:resource_servers']],
  ['get', '/api/v2/resource-servers/{id}', ['read:resource_servers']],
  ['patch', '/api/v2/resource-servers/{id}', ['update:resource_servers']],
  ['delete', '/api/v2/resource-servers/{id}', ['delete:resource_servers']],
  ['get', '/api/v2/guardian/factors', ['read:guardian_factors']],
  ['put', '/api/v2/guardian/factors/{name}', ['update:guardian_factors']],
  ['get', '/api/v2/guardian/policies', ['read:mfa_policies']],
  ['put', '/api/v2/guardian/policies', ['update:mfa_policies']],
  ['get', '/api/v2/guardian/settings', ['read:guardian_factors']],
  ['put', '/api/v2/guardian/settings', ['update:guardian_factors']],
  ['get', '/api/v2/guardian/enrollments/{id}', ['read:guardian_enrollments']],
  ['delete', '/api/v2/guardian/enrollments/{id}', ['delete:guardian_enrollments']],
  ['post', '/api/v2/guardian/enrollments/ticket', ['create:guardian_enrollment_tickets']],
  ['get', '/api/v2/logs', ['read:logs']],
  ['get', '/api/v2/logs/{id}', ['read:logs']],
  ['post', '/api/v2/jobs/mfa-reset', ['delete:guardian_enrollments']],
  ['get', '/api/v2/jobs/{id}', ['create:users', 'read:users', 'delete:guardian_enrollments']],
  ['get', '/api/v2/jobs/{id}/errors', ['create:users', 'read:users']],
  ['post', '/api/v2/jobs/users-imports', ['create:users']],
  ['post', '/api/v2/jobs/users-exports', ['read:users']],
  ['get', '/api/v2/connections', ['read:connections']],
  ['get', '/api/v2/connections/{id}', ['read:connections']],
  ['get', '/api/v2/log-streams', ['read:log_streams']],
  ['post', '/api/v2/log-streams', ['create:log_streams']],
  ['get', '/api/v2/log-streams/{id}', ['read:log_streams']],
  ['patch', '/api/v2/log-streams/{id}', ['update:log_streams']],
  ['delete', '/api/v2/log-streams/{id}', ['delete:log_streams']],
  ['post', '/api/v2/log-streams/{id}/test', ['update:log_streams']],
  ['get', '/api/v2/guardian/alerts', ['read:guardian_factors']],
  ['patch', '/api/v2/guardian/alerts', ['update:guardian_factors']],
];

/** The MFA API (bearer: an mfa_token or MFA-audience token) and the Authentication API (no bearer). */
const OTHER_OPERATIONS: [string, string, Record<string, string[]>[] | undefined, string][] = [
  ['post', '/mfa/associate', [{ mfaBearer: [] }], 'MFA API'],
  ['post', '/mfa/challenge', [{ mfaBearer: [] }], 'MFA API'],
  ['get', '/mfa/authenticators', [{ mfaBearer: [] }], 'MFA API'],
  ['delete', '/mfa/authenticators/{id}', [{ mfaBearer: [] }], 'MFA API'],
  ['post', '/oauth/token', undefined, 'Authentication API'],
  ['get', '/.well-known/jwks.json', undefined, 'Authentication API'],
  ['get', '/.well-known/openid-configuration', undefined, 'Authentication API'],
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('OpenAPI document and docs', () => {
  let server: TestServer;
  let doc: OpenApiDocument;
  beforeEach(async () => {
    server = await buildTestServer();
    const response = await server.app.inject({ method: 'GET', url: '/api/v2/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    doc = json(response) as OpenApiDocument;
  });
  afterEach(() => server.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ method, path, operation })),
    );

  it('is OpenAPI 3.0.3 for this issuer, with both security schemes; anyone may read it', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info).toEqual({
      title: 'Tessera API',
      version: '1.0.0',
      description: 'Auth0-compatible MFA API (/oauth/token, /mfa/*) and Management API v2 (/api/v2/*).',
    });
    expect(doc.servers).toEqual([{ url: 'https://tessera.test' }]);
    expect(doc.components.securitySchemes).toEqual({
      managementToken: {
        type: 'oauth2',
        description: 'A client_credentials access token for the audience {issuer}api/v2/.',
        flows: { clientCredentials: { tokenUrl: 'https://tessera.test/oauth/token', scopes: Object.fromEntries(MANAGEMENT_SCOPES.map((scope) => [scope, scope])) } },
      },
      mfaBearer: { type: 'http', scheme: 'bearer', description: 'An mfa_token or an MFA-audience access token.' },
    });
  });

  it.each(MANAGEMENT_OPERATIONS)('documents %s %s with security managementToken %j', (method, path, scopes) => {
    const operation = doc.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(operation?.security).toEqual([{ managementToken: scopes }]);
    expect(operation?.tags).toEqual(['Management API v2']);
    expect(operation?.description).toBe(`Scopes: any of ${scopes.join(', ')}.`);
    // The refusals every Management route can answer are documented too.
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403']));
  });

  it.each(OTHER_OPERATIONS)('documents %s %s', (method, path, security, tag) => {
    const operation = doc.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(operation?.security).toEqual(security);
    expect(operation?.tags).toEqual([tag]);
  });

  // Not an exact list: routes are still being added (push settings, …); each must be guarded all the same.
  it('guards every Management operation it documents, naming only scopes the server knows and the flow offers', () => {
    const management = operations().filter(({ path }) => path.startsWith('/api/v2/'));
    expect(management.length).toBeGreaterThanOrEqual(MANAGEMENT_OPERATIONS.length);
    const known: readonly string[] = MANAGEMENT_SCOPES;
    const offered = Object.keys(doc.components.securitySchemes.managementToken?.flows?.clientCredentials.scopes ?? {});
    for (const { method, path, operation } of management) {
      const required = operation.security?.[0]?.managementToken ?? [];
      expect(required.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const scope of required) {
        expect(known, `${method} ${path}`).toContain(scope);
        expect(offered, `${method} ${path}`).toContain(scope);
      }
      expect(operation.tags, `${method} ${path}`).toEqual(['Management API v2']);
    }
  });

  it('describes the user search vocabulary, _exists_:multifactor and multifactor_push_locked included, wherever a user q is taken', () => {
    const usersQ = doc.paths['/api/v2/users']?.get?.parameters?.find((parameter) => parameter.name === 'q' && parameter.in === 'query');
    const jobQ = doc.paths['/api/v2/jobs/mfa-reset']?.post?.requestBody?.content['application/json']?.schema.properties?.q;
    for (const description of [usersQ?.description, jobQ?.description]) {
      expect(description).toContain('_exists_:multifactor');
      expect(description).toContain('NOT _exists_:multifactor');
      expect(description).toContain('multifactor_push_locked:true|false');
    }
    const user = JSON.stringify(doc.paths['/api/v2/users/{id}']?.get?.responses?.['200']);
    expect(user).toContain('multifactor_push_locked');
  });

  it('leaves out the HTML enrollment pages, the document itself and the docs UI', () => {
    const paths = Object.keys(doc.paths);
    expect(paths.filter((path) => path.startsWith('/guardian/enroll') || path.startsWith('/api/v2/docs') || path === '/api/v2/openapi.json')).toEqual([]);
  });

  it('serves the docs UI as HTML at /api/v2/docs', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v2/docs' });
    if (response.statusCode >= 300 && response.statusCode < 400) {
      expect(response.headers.location).toMatch(/^(\/api\/v2\/docs\/|\.\/docs\/)/);
      return;
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<title>Swagger UI</title>');
  });

  it('serves the UI (made on the first docs request) with its files and the same document, and 404s in the area shape', async () => {
    const moved = await server.app.inject({ method: 'GET', url: '/api/v2/docs/static/index.html' });
    expect(moved.statusCode).toBe(302);
    expect(moved.headers.location).toBe('/api/v2/docs/');
    const page = await server.app.inject({ method: 'GET', url: '/api/v2/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' });
    expect(page.body).toContain('<title>Swagger UI</title>');
    const script = await server.app.inject({ method: 'GET', url: '/api/v2/docs/static/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    const head = await server.app.inject({ method: 'HEAD', url: '/api/v2/docs/' });
    expect(head.statusCode).toBe(200);
    const served = await server.app.inject({ method: 'GET', url: '/api/v2/docs/json' });
    expect(JSON.parse(served.body)).toEqual(doc);
    const missing = await server.app.inject({ method: 'GET', url: '/api/v2/docs/no-such-file' });
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' });
  });
});
