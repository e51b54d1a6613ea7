import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { countMfaResets } from '../../services/alerts.js';
import { isUsableTotpSecret } from '../../factors/otp.js';
import { groupMethods, linkIdOf, methodView, newMethodRows, type MethodGroup } from '../../services/methods.js';
import { transaction, type Tessera } from '../../context.js';
import { managementErrors, PagingQuery, UserIdParams } from './schemas.js';

const E164 = '^\\+[1-9][0-9]{6,14}$';
/**
 * Base32 of at least 10 bytes: real sites issue 80-bit secrets (RFC 4226 §4 asks for 128 or more).
 * Spaces may group the characters but never count towards the 16 (all spaces would be an empty key).
 */
const BASE32_SECRET = '^ *(?:[A-Za-z2-7] *){16,}=*$';

const MethodInput = Type.Object(
  {
    type: Type.Union([Type.Literal('totp'), Type.Literal('phone'), Type.Literal('email')]),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    totp_secret: Type.Optional(Type.String({ pattern: BASE32_SECRET, maxLength: 256 })),
    phone_number: Type.Optional(Type.String({ pattern: E164 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    preferred_authentication_method: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('voice')])),
  },
  { additionalProperties: false },
);
type MethodInput = Static<typeof MethodInput>;
const UpdateMethod = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), preferred_authentication_method: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('voice')])) },
  { additionalProperties: false },
);
const Method = Type.Object({ id: Type.String(), type: Type.String(), confirmed: Type.Boolean(), created_at: Type.String() }, { additionalProperties: true });
const MethodPage = Type.Object({ start: Type.Integer(), limit: Type.Integer(), total: Type.Integer(), authenticators: Type.Array(Method) });
const MethodParams = Type.Object({ id: Type.String({ minLength: 1 }), authentication_method_id: Type.String({ minLength: 1 }) });
const ListQuery = Type.Object(PagingQuery, { additionalProperties: false });

const normalizeSecret = (secret: string) => secret.replace(/[\s=]/g, '').toUpperCase();

/** The fields each type needs, present and usable. */
function checkFields(input: MethodInput): void {
  const need = { totp: 'totp_secret', phone: 'phone_number', email: 'email' } as const;
  const field = need[input.type];
  if (input[field] === undefined) throw ManagementErrors.invalidBody(`Payload validation error: 'Missing required property: ${field}'.`);
  if (input.type === 'totp' && !isUsableTotpSecret(normalizeSecret(input.totp_secret ?? ''))) {
    throw ManagementErrors.invalidBody("Payload validation error: 'Expected a Base32 secret of 10 to 64 bytes' on property totp_secret.");
  }
}

/**
 * A user registers a factor once: one method per phone number, per email (in any case) and per TOTP
 * secret; several of each type with different ones are fine. Not a unique index: the secret is stored
 * encrypted under a per-row context, so only a decrypted comparison finds a duplicate.
 */
function assertNew(t: Tessera, existing: MethodGroup[], input: MethodInput): void {
  const duplicate = existing.some((group) =>
    group.rows.some((row) => {
      if (input.type === 'phone') return row.phone_number === input.phone_number;
      if (input.type === 'email') return row.email?.toLowerCase() === input.email?.toLowerCase();
      return row.kind === 'totp' && row.secret_enc !== null && t.secrets.decrypt(row.secret_enc, `authenticator:${row.id}`) === normalizeSecret(input.totp_secret ?? '');
    }),
  );
  if (duplicate) throw ManagementErrors.methodExists();
}

function rowsFor(t: Tessera, userId: string, input: MethodInput) {
  return newMethodRows(t, userId, {
    type: input.type,
    name: input.name,
    totpSecret: input.totp_secret === undefined ? undefined : normalizeSecret(input.totp_secret),
    phoneNumber: input.phone_number,
    email: input.email,
    preferred: input.preferred_authentication_method,
  });
}

/** `/users/{id}/authentication-methods` (https://auth0.com/docs/api/management/v2/users/post-authentication-methods): methods created here are confirmed at once. */
export const authenticationMethodRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  /*
   * Handlers that change methods read what they check through the `t` of one transaction (context.ts
   * `transaction`): on PostgreSQL it is SERIALIZABLE, so of parallel requests that read the same user's
   * methods and then write them, all but one fail and are run again by the store, and the rerun sees
   * what the first one wrote (https://www.postgresql.org/docs/current/transaction-iso.html#XACT-SERIALIZABLE).
   * A check made before the transaction would let each of them pass it.
   */
  const userOr404 = async (t: Tessera, id: string) => (await t.store.users.find(id)) ?? (() => { throw ManagementErrors.userNotFound(); })();
  const methods = async (t: Tessera, userId: string) => groupMethods(await t.store.authenticators.forUser(userId));
  const methodOr404 = async (t: Tessera, userId: string, id: string) => {
    const group = (await methods(t, userId)).find((g) => g.linkId === linkIdOf(id) && (`${g.type}|${g.linkId}` === id || g.rows.some((row) => row.id === id)));
    if (!group) throw ManagementErrors.methodNotFound();
    return group;
  };
  const audit = async (t: Tessera, request: { management?: { clientId: string } }, userId: string, description: string, details: Record<string, unknown> = {}) =>
    await t.audit.record({ type: 'sapi', userId, clientId: request.management?.clientId, description, details });

  app.get<{ Params: Static<typeof UserIdParams>; Querystring: Static<typeof ListQuery> }>(
    '/users/:id/authentication-methods',
    { config: { scopes: ['read:authentication_methods'] }, schema: { params: UserIdParams, querystring: ListQuery, response: { 200: Type.Union([Type.Array(Method), MethodPage]), ...managementErrors } } },
    async (request) => {
      await userOr404(t, request.params.id);
      const { page = 0, per_page: perPage = 50, include_totals: includeTotals = false } = request.query;
      const all = (await methods(t, request.params.id)).map(methodView);
      const slice = all.slice(page * perPage, page * perPage + perPage);
      return includeTotals ? { start: page * perPage, limit: perPage, total: all.length, authenticators: slice } : slice;
    },
  );

  app.post<{ Params: Static<typeof UserIdParams>; Body: MethodInput }>(
    '/users/:id/authentication-methods',
    { config: { scopes: ['create:authentication_methods'] }, schema: { params: UserIdParams, body: MethodInput, response: { 201: Method, ...managementErrors } } },
    async (request, reply) => {
      checkFields(request.body);
      const created = await transaction(t, async (t) => {
        const user = await userOr404(t, request.params.id);
        assertNew(t, (await methods(t, user.user_id)), request.body);
        const rows = rowsFor(t, user.user_id, request.body);
        for (const row of rows) await t.store.authenticators.insert(row);
        await audit(t, request, user.user_id, 'Create an authentication method', { type: request.body.type, id: rows[0]?.id });
        return await methodOr404(t, user.user_id, rows[0]!.id);
      });
      return reply.code(201).send(methodView(created));
    },
  );

  app.put<{ Params: Static<typeof UserIdParams>; Body: MethodInput[] }>(
    '/users/:id/authentication-methods',
    { config: { scopes: ['update:authentication_methods'] }, schema: { params: UserIdParams, body: Type.Array(MethodInput, { maxItems: 20 }), response: { 200: Type.Array(Method), ...managementErrors } } },
    async (request) => {
      for (const input of request.body) checkFields(input);
      return await transaction(t, async (t) => {
        const user = await userOr404(t, request.params.id);
        // Duplicates within the new set are refused; the user's current methods are all replaced.
        const accepted: MethodGroup[] = [];
        const rows = request.body.flatMap((input) => {
          assertNew(t, accepted, input);
          const created = rowsFor(t, user.user_id, input);
          accepted.push(...groupMethods(created.map((row) => ({ phone_number: null, email: null, preferred_method: null, ...row }))));
          return created;
        });
        for (const group of (await methods(t, user.user_id))) if (group.type !== 'recovery-code') await t.store.authenticators.removeLinked(group.linkId, user.user_id);
        for (const row of rows) await t.store.authenticators.insert(row);
        await audit(t, request, user.user_id, 'Replace authentication methods', { types: request.body.map((input) => input.type) });
        return (await methods(t, user.user_id)).filter((g) => g.type !== 'recovery-code').map(methodView);
      });
    },
  );

  app.delete<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/authentication-methods',
    { config: { scopes: ['delete:authentication_methods'] }, schema: { params: UserIdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      // Of parallel deletes each answers 204, whatever was left to remove; only one that removed something
      // counts towards mass_mfa_reset, as the single-method delete counts only the one that answers 204.
      await transaction(t, async (t) => {
        const user = await userOr404(t, request.params.id);
        const removed = (await methods(t, user.user_id)).map(methodView).map((view) => view.id);
        const count = await t.store.authenticators.removeAllForUser(user.user_id);
        await audit(t, request, user.user_id, 'Delete all authentication methods', { removed });
        if (count > 0) await countMfaResets(t, [user.user_id], request.management?.clientId);
      });
      return reply.code(204).send();
    },
  );

  app.get<{ Params: Static<typeof MethodParams> }>(
    '/users/:id/authentication-methods/:authentication_method_id',
    { config: { scopes: ['read:authentication_methods'] }, schema: { params: MethodParams, response: { 200: Method, ...managementErrors } } },
    async (request) => methodView((await methodOr404(t, (await userOr404(t, request.params.id)).user_id, request.params.authentication_method_id))),
  );

  app.patch<{ Params: Static<typeof MethodParams>; Body: Static<typeof UpdateMethod> }>(
    '/users/:id/authentication-methods/:authentication_method_id',
    { config: { scopes: ['update:authentication_methods'] }, schema: { params: MethodParams, body: UpdateMethod, response: { 200: Method, ...managementErrors } } },
    async (request) => {
      const { name, preferred_authentication_method: preferred } = request.body;
      return methodView(
        await transaction(t, async (t) => {
          const user = await userOr404(t, request.params.id);
          const group = await methodOr404(t, user.user_id, request.params.authentication_method_id);
          if (preferred !== undefined && group.type !== 'phone') throw ManagementErrors.invalidBody('Payload validation error: preferred_authentication_method applies to phone methods only.');
          for (const row of group.rows) await t.store.authenticators.update(row.id, { name, preferred_method: preferred });
          await audit(t, request, user.user_id, 'Update an authentication method', { id: request.params.authentication_method_id });
          return await methodOr404(t, user.user_id, request.params.authentication_method_id);
        }),
      );
    },
  );

  app.delete<{ Params: Static<typeof MethodParams> }>(
    '/users/:id/authentication-methods/:authentication_method_id',
    { config: { scopes: ['delete:authentication_methods'] }, schema: { params: MethodParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      // Linked methods (push and its OTP, sms and voice) are deleted together; of parallel deletes of one
      // method the rest find it gone: 404.
      const group = await transaction(t, async (t) => {
        const user = await userOr404(t, request.params.id);
        const found = await methodOr404(t, user.user_id, request.params.authentication_method_id);
        if ((await t.store.authenticators.removeLinked(found.linkId, user.user_id)) === 0) throw ManagementErrors.methodNotFound();
        await audit(t, request, user.user_id, 'Delete an authentication method', { id: request.params.authentication_method_id });
        await t.audit.record({ type: 'gd_unenroll', userId: user.user_id, clientId: request.management?.clientId, details: { enrollment: { _id: found.linkId }, initiator: 'admin' } });
        await countMfaResets(t, [user.user_id], request.management?.clientId);
        return found;
      });
      app.pushHub.disconnect(group.linkId);
      return reply.code(204).send();
    },
  );
};
