import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { transaction } from '../../context.js';
import { ManagementErrors } from '../../errors.js';
import { KNOWN_GRANT_TYPES } from '../../grants/types.js';
import { PRIVATE_KEY_JWT } from '../../services/client-credentials.js';
import { APP_TYPES, AUTH_METHODS, DEFAULT_GRANT_TYPES, clientView, newClientId, newClientSecret, sealClientSecret } from '../../services/clients.js';
import type { ClientRow } from '../../store/clients.js';
import { managementErrors, PagingQuery } from './schemas.js';

const literals = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Fields = {
  description: Type.Optional(Type.String({ maxLength: 140 })),
  app_type: Type.Optional(literals(APP_TYPES)),
  grant_types: Type.Optional(Type.Array(literals(KNOWN_GRANT_TYPES), { uniqueItems: true })),
  token_endpoint_auth_method: Type.Optional(literals(AUTH_METHODS)),
  callbacks: Type.Optional(Type.Array(Type.String({ format: 'uri' }))),
};
const CreateClient = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), ...Fields }, { additionalProperties: false });
/** Auth0 "Update a client": the credential ids (created by POST /clients/{id}/credentials) Private Key JWT accepts. */
const ClientAuthenticationMethods = Type.Object(
  {
    private_key_jwt: Type.Object(
      { credentials: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const UpdateClient = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    client_secret: Type.Optional(Type.String({ minLength: 16, maxLength: 512 })),
    ...Fields,
    token_endpoint_auth_method: Type.Optional(Type.Union([literals(AUTH_METHODS), Type.Null()])),
    client_authentication_methods: Type.Optional(Type.Union([ClientAuthenticationMethods, Type.Null()])),
  },
  { additionalProperties: false },
);
const Client = Type.Object(
  {
    client_id: Type.String(),
    name: Type.String(),
    grant_types: Type.Array(Type.String()),
    // Absent while client_authentication_methods is set: Auth0 keeps the two mutually exclusive.
    token_endpoint_auth_method: Type.Optional(Type.String()),
    client_authentication_methods: Type.Optional(ClientAuthenticationMethods),
    client_secret: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const ListQuery = Type.Object({ ...PagingQuery }, { additionalProperties: false });
/** Auth0 "Get clients" with include_totals: no `length`, unlike the users and logs pages. */
const ClientPage = Type.Object({ start: Type.Integer(), limit: Type.Integer(), total: Type.Integer(), clients: Type.Array(Client) });

/** "The client_secret and signing_key attributes can only be updated with the update:client_keys scope" (Auth0 "Update a client"). */
const KEY_FIELDS: readonly string[] = ['client_secret'];

/** "To configure client_authentication_methods, the update:client_credentials scope is required" (same page). */
const CREDENTIAL_FIELDS: readonly string[] = ['client_authentication_methods'];

/**
 * Keys need `update:client_keys`, client_authentication_methods `update:client_credentials`, every other
 * field `update:clients`: a token with one cannot borrow another's power.
 */
function assertFieldScopes(body: Record<string, unknown>, scopes: readonly string[]): void {
  const fields = Object.keys(body);
  if (fields.some((field) => KEY_FIELDS.includes(field)) && !scopes.includes('update:client_keys')) {
    throw ManagementErrors.insufficientScope(['update:client_keys']);
  }
  if (fields.some((field) => CREDENTIAL_FIELDS.includes(field)) && !scopes.includes('update:client_credentials')) {
    throw ManagementErrors.insufficientScope(['update:client_credentials']);
  }
  if (fields.some((field) => !KEY_FIELDS.includes(field) && !CREDENTIAL_FIELDS.includes(field)) && !scopes.includes('update:clients')) {
    throw ManagementErrors.insufficientScope(['update:clients']);
  }
}

const MUTUALLY_EXCLUSIVE = 'The client_authentication_methods and token_endpoint_auth_method properties are mutually exclusive.';

/**
 * The client's authentication after a PATCH: its token_endpoint_auth_method and, when Private Key JWT
 * changes, the credential ids it enables. Auth0 "Update a client": the two properties are mutually
 * exclusive. Setting client_authentication_methods switches to Private Key JWT; leaving it takes
 * `client_authentication_methods: null` (update:client_credentials), never a token_endpoint_auth_method
 * alone, so a token holding only update:clients cannot turn a client's secret back on.
 */
function nextAuthentication(client: ClientRow, body: Static<typeof UpdateClient>): { method?: string; enabled?: string[] } {
  const { client_authentication_methods: methods, token_endpoint_auth_method: method } = body;
  const privateKeyJwt = client.token_endpoint_auth_method === PRIVATE_KEY_JWT;
  if (methods) {
    if (typeof method === 'string') throw ManagementErrors.invalidBody(MUTUALLY_EXCLUSIVE);
    return { method: PRIVATE_KEY_JWT, enabled: [...new Set(methods.private_key_jwt.credentials.map((credential) => credential.id))] };
  }
  if (methods === null) {
    if (method === null) throw ManagementErrors.invalidBody('token_endpoint_auth_method cannot be null without client_authentication_methods.');
    return { method: method ?? (privateKeyJwt ? 'client_secret_post' : client.token_endpoint_auth_method), enabled: [] };
  }
  if (method === null && !privateKeyJwt) throw ManagementErrors.invalidBody('token_endpoint_auth_method cannot be null without client_authentication_methods.');
  if (typeof method === 'string' && privateKeyJwt) throw ManagementErrors.invalidBody(MUTUALLY_EXCLUSIVE);
  return { method: method ?? undefined };
}

export const clientRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (id: string) => (await t.store.clients.find(id)) ?? (() => { throw ManagementErrors.clientNotFound(); })();
  const canReadKeys = (scopes: string[] | undefined) => scopes?.includes('read:client_keys') ?? false;
  /** The Management API's client: a Private Key JWT client shows its enabled credentials in place of token_endpoint_auth_method. */
  const view = async (row: ClientRow, withSecret: boolean): Promise<Record<string, unknown>> => {
    const base = clientView(t, row, withSecret);
    if (row.token_endpoint_auth_method !== PRIVATE_KEY_JWT) return base;
    const enabled = (await t.store.clients.credentials(row.client_id)).filter((credential) => credential.enabled);
    const methods = { private_key_jwt: { credentials: enabled.map((credential) => ({ id: credential.id })) } };
    return Object.fromEntries(Object.entries(base).map(([key, value]) => (key === 'token_endpoint_auth_method' ? ['client_authentication_methods', methods] : [key, value])));
  };

  app.post<{ Body: Static<typeof CreateClient> }>(
    '/clients',
    { config: { scopes: ['create:clients'] }, schema: { body: CreateClient, response: { 201: Client, ...managementErrors } } },
    async (request, reply) => {
      const body = request.body;
      const now = t.clock.now();
      const clientId = newClientId(t);
      const publicApp = body.app_type === 'spa' || body.app_type === 'native';
      await t.store.clients.insert({
        client_id: clientId,
        name: body.name,
        description: body.description ?? null,
        app_type: body.app_type ?? null,
        client_secret_enc: sealClientSecret(t, clientId, newClientSecret(t)),
        token_endpoint_auth_method: body.token_endpoint_auth_method ?? (publicApp ? 'none' : 'client_secret_post'),
        grant_types: [...(body.grant_types ?? DEFAULT_GRANT_TYPES)],
        callbacks: body.callbacks ?? [],
        is_bootstrap: false,
        created_at: now,
        updated_at: now,
      });
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Create a Client', details: { client_id: clientId } });
      return reply.code(201).send(clientView(t, (await findOr404(clientId)), true));
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/clients',
    { config: { scopes: ['read:clients'] }, schema: { querystring: ListQuery, response: { 200: Type.Union([Type.Array(Client), ClientPage]), ...managementErrors } } },
    async (request) => {
      const { page = 0, per_page: perPage = 50, include_totals: includeTotals = false } = request.query;
      const result = await t.store.clients.page(page * perPage, perPage);
      const clients = await Promise.all(result.clients.map((row) => view(row, canReadKeys(request.management?.scopes))));
      return includeTotals ? { start: page * perPage, limit: perPage, total: result.total, clients } : clients;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/clients/:id',
    { config: { scopes: ['read:clients'] }, schema: { params: IdParams, response: { 200: Client, ...managementErrors } } },
    async (request) => view(await findOr404(request.params.id), canReadKeys(request.management?.scopes)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateClient> }>(
    '/clients/:id',
    { config: { scopes: ['update:clients', 'update:client_keys', 'update:client_credentials'] }, schema: { params: IdParams, body: UpdateClient, response: { 200: Client, ...managementErrors } } },
    async (request) => {
      const body = request.body;
      assertFieldScopes(body, request.management?.scopes ?? []);
      const client = await findOr404(request.params.id);
      const authentication = nextAuthentication(client, body);
      await transaction(t, async (tx) => {
        if (authentication.enabled && authentication.enabled.length > 0) {
          // "Only specify the credential IDs that were generated when creating the credentials on the client" (Auth0 "Update a client").
          const owned = new Set((await tx.store.clients.credentials(client.client_id)).map((credential) => credential.id));
          const unknown = authentication.enabled.find((id) => !owned.has(id));
          if (unknown !== undefined) throw ManagementErrors.invalidBody(`The credential ${unknown} does not exist on this client.`);
        }
        await tx.store.clients.update(client.client_id, {
          name: body.name,
          description: body.description,
          app_type: body.app_type,
          token_endpoint_auth_method: authentication.method,
          grant_types: body.grant_types && [...body.grant_types],
          callbacks: body.callbacks,
          client_secret_enc: body.client_secret && sealClientSecret(t, client.client_id, body.client_secret),
          updated_at: t.clock.now(),
        });
        if (authentication.enabled) await tx.store.clients.enableCredentials(client.client_id, authentication.enabled);
      });
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Update a Client', details: { client_id: client.client_id, fields: Object.keys(body).filter((k) => k !== 'client_secret') } });
      return view(await findOr404(client.client_id), canReadKeys(request.management?.scopes));
    },
  );

  // Auth0 "Rotate a client secret": the answer is the one place the new secret is shown.
  app.post<{ Params: Static<typeof IdParams> }>(
    '/clients/:id/rotate-secret',
    { config: { scopes: ['update:client_keys'] }, schema: { params: IdParams, response: { 200: Client, ...managementErrors } } },
    async (request) => {
      const client = await findOr404(request.params.id);
      await t.store.clients.update(client.client_id, { client_secret_enc: sealClientSecret(t, client.client_id, newClientSecret(t)), updated_at: t.clock.now() });
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Rotate a client secret', details: { client_id: client.client_id } });
      return view(await findOr404(client.client_id), true);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/clients/:id',
    { config: { scopes: ['delete:clients'] }, schema: { params: IdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const client = await findOr404(request.params.id);
      if (client.is_bootstrap) throw ManagementErrors.bootstrapClient();
      await t.store.clients.remove(client.client_id);
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Delete a Client', details: { client_id: client.client_id } });
      return reply.code(204).send();
    },
  );
};
