import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { connectionView } from '../../services/connections.js';
import { managementErrors, MAX_PER_PAGE, PagingQuery } from './schemas.js';

const Connection = Type.Object({
  id: Type.String(),
  options: Type.Record(Type.String(), Type.Unknown()),
  strategy: Type.String(),
  name: Type.String(),
  is_domain_connection: Type.Boolean(),
  realms: Type.Array(Type.String()),
});

/** Auth0 "Get all connections": offset paging (`page`, `per_page`, `include_totals`) or checkpoint paging (`from`, `take`). */
const ListQuery = Type.Object({
  ...PagingQuery,
  strategy: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  name: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE })),
});

const ListResponse = Type.Union([
  Type.Array(Connection),
  Type.Object({ connections: Type.Array(Connection), start: Type.Integer(), limit: Type.Integer(), total: Type.Integer() }),
  Type.Object({ connections: Type.Array(Connection), next: Type.Optional(Type.String()) }),
]);
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

export const connectionRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/connections',
    { config: { scopes: ['read:connections'] }, schema: { querystring: ListQuery, response: { 200: ListResponse, ...managementErrors } } },
    async (request) => {
      const q = request.query;
      const strategies = q.strategy === undefined ? undefined : [q.strategy].flat();
      const matching = (await t.store.connections
        .all())
        .filter((row) => (strategies === undefined || strategies.includes(row.strategy)) && (q.name === undefined || q.name === row.name));
      // Checkpoint paging: ids in order, `from` the first id of the page; one page holds them all here.
      if (q.from !== undefined || q.take !== undefined) {
        const start = q.from === undefined ? 0 : matching.findIndex((row) => row.id === q.from);
        const page = start < 0 ? [] : matching.slice(start, start + (q.take ?? 50));
        return { connections: page.map((row) => connectionView(t, row)) };
      }
      const perPage = q.per_page ?? 50;
      const start = (q.page ?? 0) * perPage;
      const connections = matching.slice(start, start + perPage).map((row) => connectionView(t, row));
      return q.include_totals ? { connections, start, limit: perPage, total: matching.length } : connections;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/connections/:id',
    { config: { scopes: ['read:connections'] }, schema: { params: IdParams, response: { 200: Connection, ...managementErrors } } },
    async (request) => {
      const row = await t.store.connections.find(request.params.id);
      if (!row) throw ManagementErrors.connectionIdNotFound();
      return connectionView(t, row);
    },
  );
};
