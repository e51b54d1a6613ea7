import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { selectFields } from '../../services/field-selection.js';
import { userView } from '../../services/users.js';
import { managementErrors } from './schemas.js';

const ByEmailQuery = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    fields: Type.Optional(Type.String({ maxLength: 1000 })),
    include_fields: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** Any subset of the user object: `fields` may leave out what the full view always has. */
const PartialUser = Type.Record(Type.String(), Type.Unknown());

/**
 * Auth0 "Search Users by Email" (GET /api/v2/users-by-email): an exact match, answered as an array.
 * Auth0 stores its own database's emails in lower case and matches case-sensitively; Tessera keeps the
 * case given and its email column compares without case, so any spelling finds the one user.
 */
export const usersByEmailRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.get<{ Querystring: Static<typeof ByEmailQuery> }>(
    '/users-by-email',
    { config: { scopes: ['read:users'] }, schema: { querystring: ByEmailQuery, response: { 200: Type.Array(PartialUser), ...managementErrors } } },
    async (request) => {
      const { email, fields, include_fields: includeFields } = request.query;
      const user = await t.store.users.findByEmail(email);
      return user ? [selectFields((await userView(t, user)), fields, includeFields)] : [];
    },
  );
};
