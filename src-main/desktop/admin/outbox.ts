import { isStatus } from './admin-errors';
import type { ManagementCall } from './management-call';
import { sdkFetch } from './passthrough';
import { AdminError, AdminErrorKind, type OutboxMessageView, type OutboxPage, type OutboxRequest } from './types';

/** The server's own page limit (as Auth0's logs take). */
const MAX_TAKE = 100;

export const NO_OUTBOX =
  'This server sends its one-time codes, so there is no outbox to show. The desktop app’s own server keeps one; ' +
  'so does a Tessera server started with TESSERA_DELIVERY=outbox. An Auth0 tenant delivers its messages itself.';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const CHANNELS = ['sms', 'voice', 'email'] as const;

/** One message of `GET /api/v2/outbox`, read field by field: the body is the server's, not trusted. */
function messageView(raw: unknown): OutboxMessageView {
  const body = (raw ?? {}) as Record<string, unknown>;
  const channel = CHANNELS.find((c) => c === body.channel) ?? 'sms';
  return {
    id: text(body.id),
    createdAt: text(body.created_at),
    channel,
    recipient: text(body.recipient),
    subject: typeof body.subject === 'string' ? body.subject : null,
    message: text(body.message),
    code: text(body.code),
  };
}

/** Tessera's developer outbox (README "TESSERA_DELIVERY"); any server without one answers 404 there. */
export function outboxOperations(call: ManagementCall) {
  return {
    outbox(request: OutboxRequest): Promise<OutboxPage> {
      if (!Number.isInteger(request.take) || request.take < 1 || request.take > MAX_TAKE) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, `Take 1 to ${MAX_TAKE} messages`));
      const query: Record<string, string> = { take: String(request.take), ...(request.from === null ? {} : { from: request.from }), ...(request.showRecipient ? { show_recipient: 'true' } : {}) };
      return call(async (_client, session) => {
        try {
          const body = await sdkFetch(session, 'outbox', { method: 'GET', query });
          return { available: true as const, messages: (Array.isArray(body) ? body : []).map(messageView) };
        } catch (error) {
          if (isStatus(error, 404)) return { available: false as const, reason: NO_OUTBOX };
          throw error;
        }
      });
    },
  };
}
