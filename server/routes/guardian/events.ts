import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { pushEvent } from '../../services/push.js';
import { authenticateDevice } from './device-auth.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * GET {issuer}appliance-mfa/api/device-accounts/{id}/events: the device's Server-Sent Events stream,
 * Tessera's replacement for APNs/FCM. Every still-pending challenge is replayed on (re)connect.
 */
export const deviceEventsRoute: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.get<{ Params: Static<typeof Params> }>(
    '/api/device-accounts/:id/events',
    { schema: { params: Params, hide: true } },
    async (request, reply) => {
      const device = await authenticateDevice(t, request.headers.authorization, request.params.id);
      const replay = (await t.store.push.pendingFor(device.user_id, device.link_id, t.clock.now())).map((row) => pushEvent(t, row, device.link_id));
      reply.hijack();
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      // The stream outlives any idle limit meant for requests (connectionTimeout); heartbeats keep it alive.
      request.raw.socket.setTimeout(0);
      app.pushHub.attach(device.link_id, reply.raw, replay);
    },
  );
};
