import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { transaction, requestOrigin } from '../../context.js';
import { authenticateDevice } from './device-auth.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Patch = Type.Object(
  {
    identifier: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    push_credentials: Type.Optional(Type.Object({ service: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 4096 }) })),
  },
  { additionalProperties: false },
);
const Account = Type.Object({ id: Type.String(), identifier: Type.String(), name: Type.String() });

/** DELETE / PATCH {issuer}appliance-mfa/api/device-accounts/{id} (https://github.com/auth0/Guardian.swift `Guardian/API/DeviceAPIClient.swift`): device-signed, or the enrollment's token. */
export const deviceAccountRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.delete<{ Params: Static<typeof Params> }>('/api/device-accounts/:id', { schema: { params: Params } }, async (request, reply) => {
    const device = await authenticateDevice(t, request.headers.authorization, request.params.id, { enrollmentToken: true });
    // Push and its linked OTP go together; the trigger drops the device row with the push authenticator.
    await t.store.authenticators.removeLinked(device.link_id, device.user_id);
    app.pushHub.disconnect(device.link_id);
    await t.audit.record({ type: 'gd_unenroll', origin: requestOrigin(request), userId: device.user_id, details: { enrollment: { _id: device.link_id, name: device.name }, initiator: 'device' } });
    return reply.code(204).send();
  });

  app.patch<{ Params: Static<typeof Params>; Body: Static<typeof Patch> }>(
    '/api/device-accounts/:id',
    { schema: { params: Params, body: Patch, response: { 200: Account } } },
    async (request) => {
      const device = await authenticateDevice(t, request.headers.authorization, request.params.id, { enrollmentToken: true });
      const { name, identifier, push_credentials: credentials } = request.body;
      const now = t.clock.now();
      await transaction(t, async (t) => {
        await t.store.push.updateDevice(device.link_id, { name, identifier, push_credentials: credentials }, now);
        if (name !== undefined) for (const row of (await t.store.authenticators.forUser(device.user_id))) if (row.link_id === device.link_id) await t.store.authenticators.update(row.id, { name });
      });
      await t.audit.record({ type: 'gd_update_device_account', origin: requestOrigin(request), userId: device.user_id, details: { enrollment: { _id: device.link_id }, fields: Object.keys(request.body) } });
      const updated = (await t.store.push.device(device.link_id)) ?? device;
      return { id: updated.link_id, identifier: updated.identifier, name: updated.name };
    },
  );
};
