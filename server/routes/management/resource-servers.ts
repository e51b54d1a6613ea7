import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { transaction, type Tessera } from '../../context.js';
import { randomHex } from '../../crypto/random.js';
import { ManagementErrors } from '../../errors.js';
import {
  DEFAULT_API_TOKEN_LIFETIME_FOR_WEB_S,
  DEFAULT_API_TOKEN_LIFETIME_S,
  MAX_API_TOKEN_LIFETIME_S,
  findResourceServer,
  listResourceServers,
  systemResourceServers,
} from '../../services/resource-servers.js';
import type { ResourceServer } from '../../store/resource-servers.js';
import { managementErrors, PagingQuery } from './schemas.js';

const ApiScope = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 280, pattern: '^\\S+$' }), description: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
const Lifetime = Type.Integer({ minimum: 1, maximum: MAX_API_TOKEN_LIFETIME_S });
/** Tokens are signed with the tenant's RSA key: HS256 (a shared secret) and the rest are not offered. */
const Fields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^<>]*$' })),
  scopes: Type.Optional(Type.Array(ApiScope, { maxItems: 1000 })),
  signing_alg: Type.Optional(Type.Literal('RS256')),
  token_lifetime: Type.Optional(Lifetime),
  token_lifetime_for_web: Type.Optional(Lifetime),
  allow_offline_access: Type.Optional(Type.Boolean()),
  skip_consent_for_verifiable_first_party_clients: Type.Optional(Type.Boolean()),
};
const CreateApi = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 600 }), ...Fields }, { additionalProperties: false });
const UpdateApi = Type.Object(Fields, { additionalProperties: false });
const Api = Type.Object({
  id: Type.String(),
  name: Type.String(),
  identifier: Type.String(),
  is_system: Type.Boolean(),
  scopes: Type.Array(Type.Object({ value: Type.String(), description: Type.Optional(Type.String()) })),
  signing_alg: Type.String(),
  allow_offline_access: Type.Boolean(),
  skip_consent_for_verifiable_first_party_clients: Type.Boolean(),
  token_lifetime: Type.Integer(),
  token_lifetime_for_web: Type.Integer(),
});
const ApiPage = Type.Object({ resource_servers: Type.Array(Api), start: Type.Integer(), limit: Type.Integer(), total: Type.Integer() });
const ListQuery = Type.Object(PagingQuery, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

function assertConsistent(api: Pick<ResourceServer, 'scopes' | 'token_lifetime' | 'token_lifetime_for_web'>): void {
  const values = api.scopes.map((scope) => scope.value);
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  if (repeated !== undefined) throw ManagementErrors.invalidBody(`Payload validation error: 'Duplicate scope value: ${repeated}' on property scopes.`);
  if (api.token_lifetime_for_web > api.token_lifetime) {
    throw ManagementErrors.invalidBody("Payload validation error: 'token_lifetime_for_web must not exceed token_lifetime' on property token_lifetime_for_web.");
  }
}

/** Registered APIs (Auth0 "resource servers"): the audiences tokens may be issued for, and their scopes. */
export const resourceServerRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (id: string, tx: Tessera = t) => (await findResourceServer(tx, id)) ?? (() => { throw ManagementErrors.resourceServerNotFound(); })();
  const custom = async (id: string, tx: Tessera = t) => {
    const api = await findOr404(id, tx);
    if (api.is_system) throw ManagementErrors.systemResourceServer();
    return api;
  };
  const audit = async (request: { management?: { clientId: string } }, description: string, api: ResourceServer, tx: Tessera = t) =>
    await tx.audit.record({ type: 'sapi', clientId: request.management?.clientId, description, details: { id: api.id, identifier: api.identifier } });

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/resource-servers',
    { config: { scopes: ['read:resource_servers'] }, schema: { querystring: ListQuery, response: { 200: Type.Union([Type.Array(Api), ApiPage]), ...managementErrors } } },
    async (request) => {
      const { page = 0, per_page: perPage = 50, include_totals: includeTotals = false } = request.query;
      const all = await listResourceServers(t);
      const slice = all.slice(page * perPage, page * perPage + perPage);
      return includeTotals ? { resource_servers: slice, start: page * perPage, limit: perPage, total: all.length } : slice;
    },
  );

  app.post<{ Body: Static<typeof CreateApi> }>(
    '/resource-servers',
    { config: { scopes: ['create:resource_servers'] }, schema: { body: CreateApi, response: { 201: Api, ...managementErrors } } },
    async (request, reply) => {
      const body = request.body;
      const lifetime = body.token_lifetime ?? DEFAULT_API_TOKEN_LIFETIME_S;
      const api: ResourceServer = {
        id: randomHex(t.random, 12),
        name: body.name ?? body.identifier,
        identifier: body.identifier,
        is_system: false,
        scopes: body.scopes ?? [],
        signing_alg: 'RS256',
        allow_offline_access: body.allow_offline_access ?? false,
        skip_consent_for_verifiable_first_party_clients: body.skip_consent_for_verifiable_first_party_clients ?? false,
        token_lifetime: lifetime,
        token_lifetime_for_web: body.token_lifetime_for_web ?? Math.min(lifetime, DEFAULT_API_TOKEN_LIFETIME_FOR_WEB_S),
      };
      assertConsistent(api);
      // The built-in audiences (userinfo too, though unlisted) are taken; the UNIQUE index settles stored and parallel ones.
      const taken = api.identifier === t.audiences.userinfo || systemResourceServers(t).some((system) => system.identifier === api.identifier);
      if (taken || !(await t.store.resourceServers.insert(api, t.clock.now()))) throw ManagementErrors.resourceServerExists();
      await audit(request, 'Create a resource server', api);
      return reply.code(201).send(api);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/resource-servers/:id',
    { config: { scopes: ['read:resource_servers'] }, schema: { params: IdParams, response: { 200: Api, ...managementErrors } } },
    async (request) => await findOr404(request.params.id),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateApi> }>(
    '/resource-servers/:id',
    { config: { scopes: ['update:resource_servers'] }, schema: { params: IdParams, body: UpdateApi, response: { 200: Api, ...managementErrors } } },
    async (request) => {
      const api = await custom(request.params.id);
      const changes = request.body;
      assertConsistent({ ...api, ...changes });
      await t.store.resourceServers.update(api.id, changes);
      await audit(request, 'Update a resource server', api);
      return await findOr404(api.id);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/resource-servers/:id',
    { config: { scopes: ['delete:resource_servers'] }, schema: { params: IdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      // The lookup, the delete (whose trigger removes the API's client grants) and the audit row are one
      // transaction, SERIALIZABLE on PostgreSQL as POST /client-grants' is: a grant created meanwhile read
      // the API and wrote where the trigger read, so one of the two is rolled back and run again by the store
      // (https://www.postgresql.org/docs/current/transaction-iso.html#XACT-SERIALIZABLE) and no grant is left
      // for an API that is gone. Of parallel deletes one removes the row; the rest find it gone: 404.
      await transaction(t, async (t) => {
        const api = await custom(request.params.id, t);
        if (!(await t.store.resourceServers.remove(api.id))) throw ManagementErrors.resourceServerNotFound();
        await audit(request, 'Delete a resource server', api, t);
      });
      return reply.code(204).send();
    },
  );
};
