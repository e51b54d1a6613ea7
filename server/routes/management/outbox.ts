import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { maskRecipient } from '../../delivery/mask-recipient.js';
import { openOutboxMessage } from '../../delivery/outbox.js';
import { ManagementErrors } from '../../errors.js';
import type { OutboxMessage as StoredMessage } from '../../store/outbox.js';
import { managementErrors, MAX_PER_PAGE } from './schemas.js';

const OutboxQuery = Type.Object(
  {
    /** A message id: the messages after it, oldest first (as `GET /api/v2/logs` pages with `from`/`take`). */
    from: Type.Optional(Type.String({ minLength: 1 })),
    take: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE })),
    /** The recipient in full; masked otherwise, as Auth0 masks phone numbers. */
    show_recipient: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const OutboxMessage = Type.Object({
  id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('voice'), Type.Literal('email')]),
  recipient: Type.String(),
  subject: Type.Optional(Type.String()),
  message: Type.String(),
  code: Type.String(),
});
export type OutboxMessageBody = Static<typeof OutboxMessage>;

const DEFAULT_TAKE = 50;

/**
 * Beyond Auth0: the developer outbox (server/delivery/outbox.ts), the messages a login sent while the
 * server keeps them instead of delivering them. Registered only when it does: any other server answers
 * 404 here, as Auth0 does. The codes are the point of the answer, so it is `no-store` like the rest of
 * the area, and the scope is its own.
 */
export const outboxRoutes: FastifyPluginAsync = async (app) => {
  if (!app.outboxEnabled) return;
  const t = app.tessera;

  const view = (row: StoredMessage, showRecipient: boolean): OutboxMessageBody => {
    const content = openOutboxMessage(t.secrets, row);
    return {
      id: row.id,
      created_at: new Date(row.createdAt).toISOString(),
      channel: row.channel,
      recipient: showRecipient ? row.recipient : maskRecipient(row.recipient),
      ...(content.subject === undefined ? {} : { subject: content.subject }),
      message: content.message,
      code: content.code,
    };
  };

  app.get<{ Querystring: Static<typeof OutboxQuery> }>(
    '/outbox',
    {
      config: { scopes: ['read:outbox'] },
      schema: { summary: 'Messages the developer outbox kept (newest first; with from, those after it, oldest first)', querystring: OutboxQuery, response: { 200: Type.Array(OutboxMessage), ...managementErrors } },
    },
    async (request) => {
      const { from, take = DEFAULT_TAKE, show_recipient: showRecipient = false } = request.query;
      if (from === undefined) return (await t.store.outbox.newest(take)).map((row) => view(row, showRecipient));
      const anchor = await t.store.outbox.find(from);
      if (!anchor) throw ManagementErrors.invalidQuery('Query validation error: unknown message id in from.');
      return (await t.store.outbox.after(anchor.seq, take)).map((row) => view(row, showRecipient));
    },
  );
};
