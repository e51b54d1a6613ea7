import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { randomString } from '../../crypto/random.js';
import { transaction, type Tessera } from '../../context.js';
import { ManagementErrors } from '../../errors.js';
import { audienceFromKey, audienceKey } from '../../scopes.js';
import { findResourceServer } from '../../services/resource-servers.js';
import type { ClientGrantRow } from '../../store/clients.js';
import { managementErrors } from './schemas.js';

const Scope = Type.Array(Type.String({ minLength: 1, maxLength: 280, pattern: '^\\S+$' }), { uniqueItems: true });
const CreateGrant = Type.Object({ client_id: Type.String({ minLength: 1 }), audience: Type.String({ minLength: 1 }), scope: Scope }, { additionalProperties: false });
const UpdateGrant = Type.Object({ scope: Scope }, { additionalProperties: false });
const GrantQuery = Type.Object({ audience: Type.Optional(Type.String()), client_id: Type.Optional(Type.String()) }, { additionalProperties: false });
const ClientGrant = Type.Object({ id: Type.String(), client_id: Type.String(), audience: Type.String(), scope: Type.Array(Type.String()) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

const grantView = (issuer: string, row: ClientGrantRow) => ({
  id: row.id,
  client_id: row.client_id,
  audience: audienceFromKey(issuer, row.audience),
  scope: row.scope,
});

/** Client grants: which scopes of a registered API a machine-to-machine client may request. */
export const clientGrantRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (id: string) => (await t.store.clients.findGrant(id)) ?? (() => { throw ManagementErrors.clientGrantNotFound(); })();
  /** A grant may name only scopes its API defines; the MFA API serves users, never machines. */
  const assertGrantable = async (t: Tessera, audience: string, scope: readonly string[]) => {
    const api = audience === t.audiences.mfa ? undefined : (await findResourceServer(t, audience));
    if (api?.identifier !== audience) throw ManagementErrors.invalidBody(`No resource server found by specified identifier: ${audience}`);
    const defined = api.scopes.map((entry) => entry.value);
    const unknown = scope.filter((value) => !defined.includes(value));
    if (unknown.length > 0) throw ManagementErrors.invalidBody(`Scopes not defined by the resource server ${audience}: ${unknown.join(', ')}`);
  };

  app.get<{ Querystring: Static<typeof GrantQuery> }>(
    '/client-grants',
    { config: { scopes: ['read:client_grants'] }, schema: { querystring: GrantQuery, response: { 200: Type.Array(ClientGrant), ...managementErrors } } },
    async (request) =>
      (await t.store.clients
        .grants())
        .filter((row) => request.query.audience === undefined || audienceKey(t.config.issuer, request.query.audience) === row.audience)
        .filter((row) => request.query.client_id === undefined || request.query.client_id === row.client_id)
        .map((row) => grantView(t.config.issuer, row)),
  );

  app.post<{ Body: Static<typeof CreateGrant> }>(
    '/client-grants',
    { config: { scopes: ['create:client_grants'] }, schema: { body: CreateGrant, response: { 201: ClientGrant, ...managementErrors } } },
    async (request, reply) => {
      const { client_id: clientId, audience, scope } = request.body;
      const row = { id: `cgr_${randomString(t.random, 16)}`, client_id: clientId, audience: audienceKey(t.config.issuer, audience), scope: [...scope] };
      // One transaction, and the insert itself decides a duplicate (a unique key, not a read before it):
      // of parallel identical requests one creates the grant and the rest get the 409, and a client
      // deleted meanwhile is a 404 on the retry the store makes, never a foreign key error.
      const created = await transaction(t, async (t) => {
        if (!(await t.store.clients.find(clientId))) throw ManagementErrors.clientNotFound();
        await assertGrantable(t, audience, scope);
        if (!(await t.store.clients.insertGrant(row))) return false;
        await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Create client grant', details: { client_id: clientId, audience } });
        return true;
      });
      if (!created) throw ManagementErrors.clientGrantExists();
      return reply.code(201).send(grantView(t.config.issuer, row));
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateGrant> }>(
    '/client-grants/:id',
    { config: { scopes: ['update:client_grants'] }, schema: { params: IdParams, body: UpdateGrant, response: { 200: ClientGrant, ...managementErrors } } },
    async (request) => {
      const row = await findOr404(request.params.id);
      await assertGrantable(t, audienceFromKey(t.config.issuer, row.audience), request.body.scope);
      await t.store.clients.updateGrantScope(row.id, request.body.scope);
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Update client grant', details: { id: row.id } });
      return grantView(t.config.issuer, (await findOr404(row.id)));
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/client-grants/:id',
    { config: { scopes: ['delete:client_grants'] }, schema: { params: IdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const row = await findOr404(request.params.id);
      await t.store.clients.removeGrant(row.id);
      await t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description: 'Delete client grant', details: { id: row.id } });
      return reply.code(204).send();
    },
  );
};
