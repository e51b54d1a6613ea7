import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { KNOWN_GRANT_TYPES } from '../../grants/types.js';
import { APP_TYPES, AUTH_METHODS, DEFAULT_GRANT_TYPES, clientView, newClientId, newClientSecret, sealClientSecret } from '../../services/clients.js';
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
const UpdateClient = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), client_secret: Type.Optional(Type.String({ minLength: 16, maxLength: 512 })), ...Fields },
  { additionalProperties: false },
);
const Client = Type.Object(
  { client_id: Type.String(), name: Type.String(), grant_types: Type.Array(Type.String()), token_endpoint_auth_method: Type.String(), client_secret: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const ListQuery = Type.Object({ ...PagingQuery }, { additionalProperties: false });
/** Auth0 "Get clients" with include_totals: no `length`, unlike the users and logs pages. */
const ClientPage = Type.Object({ start: Type.Integer(), limit: Type.Integer(), total: Type.Integer(), clients: Type.Array(Client) });

/** "The client_secret and signing_key attributes can only be updated with the update:client_keys scope" (Auth0 "Update a client"). */
const KEY_FIELDS: readonly string[] = ['client_secret'];

/** Keys need `update:client_keys`, every other field `update:clients`: a token with one cannot borrow the other's power. */
function assertFieldScopes(body: Record<string, unknown>, scopes: readonly string[]): void {
  const fields = Object.keys(body);
  if (fields.some((field) => KEY_FIELDS.includes(field)) && !scopes.includes('update:client_keys')) {
    throw ManagementErrors.insufficientScope(['update:client_keys']);
  }
  if (fields.some((field) => !KEY_FIELDS.includes(field)) && !scopes.includes('update:clients')) {
    throw ManagementErrors.insufficientScope(['update:clients']);
  }
}

export const clientRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (id: string) => (await t.store.clients.find(id)) ?? (() => { throw ManagementErrors.clientNotFound(); })();
  const canReadKeys = (scopes: string[] | undefined) => scopes?.includes('read:client_keys') ?? false;

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
      const clients = result.clients.map((row) => clientView(t, row, canReadKeys(request.management?.scopes)));
      return includeTotals ? { start: page * perPage, limit: perPage, total: result.total, clients } : clients;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/clients/:id',
    { config: { scopes: ['read:clients'] }, schema: { params: IdParams, response: { 200: Client, ...managementErrors } } },
    async (request) => clientView(t, (await findOr404(request.params.id)), canReadKeys(request.management?.scopes)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateClient> }>(
    '/clients/:id',
    { config: { scopes: ['update:clients', 'update:client_keys'] }, schema: { params: IdParams, body: UpdateClient, response: { 200: Client, ...managementErrors } } },
    async (request) => {
      const body = request.body;
      assertFieldScopes(body, request.management?.scopes ?? []);
      const client = await findOr404(request.params.id);
      await t.store.clients.update(client.client_id, {
        name: body.name,
        description: body.description,
        app_type: body.app_type,
        token_endpoint_auth_method: body.token_endpoint_auth_method,
        grant_types: body.grant_types && [...body.grant_types],
        callbacks: body.callbacks,
        client_secret_enc: body.client_secret && sealClientSecret(t, client.client_id, body.client_secret),
        updated_at: t.clock.now(),
      });
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Update a Client', details: { client_id: client.client_id, fields: Object.keys(body).filter((k) => k !== 'client_secret') } });
      return clientView(t, (await findOr404(client.client_id)), canReadKeys(request.management?.scopes));
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
      return clientView(t, (await findOr404(client.client_id)), true);
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
