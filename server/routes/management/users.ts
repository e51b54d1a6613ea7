import { transaction, type Tessera } from '../../context.js';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { randomHex } from '../../crypto/random.js';
import { ManagementErrors } from '../../errors.js';
import { checkMergedMetadata, checkMetadata } from '../../services/metadata-bounds.js';
import { DATABASE_CONNECTION, MIN_PASSWORD_LENGTH, USER_ID_PREFIX, mergeMetadata, userView, userViews } from '../../services/users.js';
import { managementErrors, Metadata, PagingQuery, UserIdParams } from './schemas.js';
import { QuerySyntaxError } from '../../services/lucene.js';
import { parseUserQuery, USER_QUERY_DESCRIPTION } from '../../services/user-query.js';
import { USER_SORT_FIELDS, type UserSortField } from '../../store/queries.js';
import { EmailTakenError } from '../../store/users.js';

/** A store write that lost the email to a concurrent request answers as the route's own check does. */
async function emailFree<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof EmailTakenError) throw ManagementErrors.userExists();
    throw error;
  }
}

const Profile = {
  email_verified: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  nickname: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  given_name: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
  family_name: Type.Optional(Type.String({ minLength: 1, maxLength: 150 })),
  picture: Type.Optional(Type.String({ format: 'uri' })),
  blocked: Type.Optional(Type.Boolean()),
  verify_email: Type.Optional(Type.Boolean()),
};

const CreateUser = Type.Object(
  {
    connection: Type.String({ minLength: 1 }),
    email: Type.String({ format: 'email', maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    ...Profile,
    user_metadata: Type.Optional(Metadata),
    app_metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

const UpdateUser = Type.Object(
  {
    connection: Type.Optional(Type.String({ minLength: 1 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    ...Profile,
    user_metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    app_metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

const User = Type.Object(
  {
    user_id: Type.String(),
    email: Type.String(),
    email_verified: Type.Boolean(),
    name: Type.String(),
    nickname: Type.String(),
    identities: Type.Array(Type.Object({ connection: Type.String(), provider: Type.String(), user_id: Type.String(), isSocial: Type.Boolean() })),
    user_metadata: Metadata,
    app_metadata: Metadata,
    blocked: Type.Boolean(),
    created_at: Type.String(),
    updated_at: Type.String(),
    logins_count: Type.Integer(),
    multifactor: Type.Optional(Type.Array(Type.String(), { description: 'Present while the user has an active MFA authenticator.' })),
    multifactor_push_locked: Type.Optional(
      Type.Literal(true, { description: "Beyond Auth0: present only while \"this wasn't me\" has locked the user's push factor." }),
    ),
  },
  { additionalProperties: true },
);

const ListQuery = Type.Object(
  {
    ...PagingQuery,
    q: Type.Optional(Type.String({ maxLength: 1000, description: USER_QUERY_DESCRIPTION })),
    sort: Type.Optional(Type.String({ pattern: `^(${USER_SORT_FIELDS.join('|')}):(1|-1)$` })),
    search_engine: Type.Optional(Type.Union([Type.Literal('v2'), Type.Literal('v3')])),
  },
  { additionalProperties: false },
);
/** One page of a user search; a `q` outside the vocabulary (refused by the parser or the store) is an invalid query. */
async function searchUsers(t: Tessera, q: string | undefined, sort: string | undefined, offset: number, limit: number, withTotal: boolean) {
  try {
    const [field = 'created_at', direction = '1'] = (sort ?? 'created_at:1').split(':');
    const terms = parseUserQuery(q ?? '');
    // The schema's pattern admits only USER_SORT_FIELDS.
    return await t.store.users.search({ terms, sort: { field: field as UserSortField, descending: direction === '-1' }, offset, limit, withTotal });
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw ManagementErrors.invalidQuery(`Query validation error: ${error.message}.`);
    throw error;
  }
}
const UserPage = Type.Object({ start: Type.Integer(), limit: Type.Integer(), length: Type.Integer(), total: Type.Integer(), users: Type.Array(User) });

function checkPassword(password: string | undefined): void {
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) throw ManagementErrors.weakPassword();
}

export const userRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (t: Tessera, id: string) => (await t.store.users.find(id)) ?? (() => { throw ManagementErrors.userNotFound(); })();

  app.post<{ Body: Static<typeof CreateUser> }>(
    '/users',
    { config: { scopes: ['create:users'] }, schema: { body: CreateUser, response: { 201: User, ...managementErrors } } },
    async (request, reply) => {
      const body = request.body;
      // Before anything is hashed or written: a value that cannot be sent back must never be stored.
      checkMetadata(body);
      if (body.connection !== DATABASE_CONNECTION) throw ManagementErrors.connectionNotFound();
      checkPassword(body.password);
      if (await t.store.users.findByEmail(body.email)) throw ManagementErrors.userExists();
      const now = t.clock.now();
      const userId = `${USER_ID_PREFIX}${randomHex(t.random, 12)}`;
      const passwordHash = await t.passwords.hash(body.password);
      // Checked again after the await: another request may have taken the email meanwhile.
      if (await t.store.users.findByEmail(body.email)) throw ManagementErrors.userExists();
      // Read back inside the transaction: a row that cannot be turned into a response is never kept.
      const created = await emailFree(transaction(t, async (t) => {
        await t.store.users.insert({
          user_id: userId,
          email: body.email,
          email_verified: body.email_verified ?? false,
          password_hash: passwordHash,
          name: body.name ?? null,
          nickname: body.nickname ?? null,
          given_name: body.given_name ?? null,
          family_name: body.family_name ?? null,
          picture: body.picture ?? null,
          blocked: body.blocked ?? false,
          user_metadata: body.user_metadata ?? {},
          app_metadata: body.app_metadata ?? {},
          logins_count: 0,
          last_login: null,
          created_at: now,
          updated_at: now,
        });
        await t.audit.record({ type: 'sapi', userId, clientId: request.management?.clientId, description: 'Create a User' });
        return await userView(t, (await findOr404(t, userId)));
      }));
      return reply.code(201).send(created);
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/users',
    { config: { scopes: ['read:users'] }, schema: { querystring: ListQuery, response: { 200: Type.Union([Type.Array(User), UserPage]), ...managementErrors } } },
    async (request) => {
      const { page = 0, per_page: perPage = 50, include_totals: includeTotals = false, q, sort } = request.query;
      const { users, total = 0 } = await searchUsers(t, q, sort, page * perPage, perPage, includeTotals);
      const views = await userViews(t, users);
      return includeTotals ? { start: page * perPage, limit: perPage, length: views.length, total, users: views } : views;
    },
  );

  app.get<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id',
    { config: { scopes: ['read:users'] }, schema: { params: UserIdParams, response: { 200: User, ...managementErrors } } },
    async (request) => await userView(t, (await findOr404(t, request.params.id))),
  );

  app.patch<{ Params: Static<typeof UserIdParams>; Body: Static<typeof UpdateUser> }>(
    '/users/:id',
    { config: { scopes: ['update:users'] }, schema: { params: UserIdParams, body: UpdateUser, response: { 200: User, ...managementErrors } } },
    async (request) => {
      const body = request.body;
      checkMetadata(body);
      const user = await findOr404(t, request.params.id);
      const userMetadata = mergeMetadata(user.user_metadata, body.user_metadata);
      const appMetadata = mergeMetadata(user.app_metadata, body.app_metadata);
      checkMergedMetadata('user_metadata', userMetadata);
      checkMergedMetadata('app_metadata', appMetadata);
      if (body.connection !== undefined && body.connection !== DATABASE_CONNECTION) throw ManagementErrors.connectionNotFound();
      checkPassword(body.password);
      const other = body.email === undefined ? undefined : (await t.store.users.findByEmail(body.email));
      if (other && other.user_id !== user.user_id) throw ManagementErrors.userExists();
      const passwordHash = body.password === undefined ? undefined : await t.passwords.hash(body.password);
      // Checked again after the await (as in POST): another request may have taken the email meanwhile.
      const taken = body.email === undefined ? undefined : (await t.store.users.findByEmail(body.email));
      if (taken && taken.user_id !== user.user_id) throw ManagementErrors.userExists();
      const now = t.clock.now();
      await emailFree(transaction(t, async (t) => {
        await t.store.users.update(user.user_id, {
          email: body.email,
          email_verified: body.email_verified,
          password_hash: passwordHash,
          name: body.name,
          nickname: body.nickname,
          given_name: body.given_name,
          family_name: body.family_name,
          picture: body.picture,
          blocked: body.blocked,
          user_metadata: userMetadata,
          app_metadata: appMetadata,
          updated_at: now,
        });
        // A new password or a block ends every session the old state allowed.
        if (passwordHash !== undefined || body.blocked === true) await t.store.refreshTokens.revokeForUser(user.user_id, now);
      }));
      await t.audit.record({ type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: 'Update a User', details: { fields: Object.keys(body).filter((k) => k !== 'password') } });
      return await userView(t, (await findOr404(t, user.user_id)));
    },
  );

  app.delete<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id',
    { config: { scopes: ['delete:users'] }, schema: { params: UserIdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const user = await findOr404(t, request.params.id);
      await t.audit.record({ type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: 'Delete a User' });
      await t.store.users.remove(user.user_id);
      return reply.code(204).send();
    },
  );
};
