import pg from 'pg';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Random } from '../deps.js';
import { createPushHub, SSE_HEARTBEAT_MS, type PushEvent, type PushHub } from './push-hub.js';

/**
 * The push hub of several Tessera instances on one PostgreSQL database: a device's event stream is held
 * by whichever instance it connected to, so what one instance publishes (or a device unenrolled on it)
 * goes to the others by `NOTIFY` on one channel, each instance `LISTEN`ing on its own connection.
 *
 * Events carry a push challenge's transaction token, which the database keeps only sealed: the payload is
 * sealed with the same data key (every instance has it), so nothing readable travels through PostgreSQL
 * or lands in its statement log.
 */
export const PUSH_CHANNEL = 'tessera_push';
/** PostgreSQL's NOTIFY payload limit is "shorter than 8000 bytes" in the default configuration (NOTIFY docs). */
export const NOTIFY_PAYLOAD_LIMIT = 7_999;
const SEAL_AAD = `pg-notify:${PUSH_CHANNEL}`;
const RECONNECT_DELAY_MS = 1_000;
/** How the listening connection shows in pg_stat_activity. */
export const APPLICATION_NAME = 'tessera-push-hub';

type Message = { kind: 'publish'; linkIds: string[]; event: PushEvent } | { kind: 'disconnect'; linkId: string };

export class PushEventTooLargeError extends Error {
  constructor(bytes: number) {
    super(`A push event of ${bytes} bytes (sealed) exceeds PostgreSQL's NOTIFY limit of ${NOTIFY_PAYLOAD_LIMIT} bytes.`);
    this.name = 'PushEventTooLargeError';
  }
}

export interface PostgresPushHubOptions {
  connectionString: string;
  secrets: SecretBox;
  random: Random;
  heartbeatMs?: number;
  /** How long to wait before listening again after the connection dropped. */
  reconnectDelayMs?: number;
  /** A lost notification or a dropped connection: the hub goes on (devices get pending challenges again when they reconnect). */
  onError?: (error: Error) => void;
}

/**
 * `publish` delivers to this instance's streams at once and returns how many it wrote to; the other
 * instances deliver after the notification arrives, and are not counted (0 here can still reach a device
 * held elsewhere). `disconnect` ends a device's streams on every instance.
 */
export interface PostgresPushHub extends PushHub {
  /** Stops listening and ends this instance's streams; resolves once the connection is closed. */
  close(): Promise<void>;
}

function isMessage(value: unknown): value is Message {
  const message = value as Partial<Record<string, unknown>> | null;
  if (typeof message !== 'object' || message === null) return false;
  if (message.kind === 'disconnect') return typeof message.linkId === 'string';
  return message.kind === 'publish' && Array.isArray(message.linkIds) && message.linkIds.every((id) => typeof id === 'string')
    && typeof message.event === 'object' && message.event !== null;
}

export async function createPostgresPushHub(options: PostgresPushHubOptions): Promise<PostgresPushHub> {
  const local = createPushHub(options.heartbeatMs ?? SSE_HEARTBEAT_MS);
  const report = options.onError ?? (() => undefined);
  // Tells this instance's own notifications apart: they were delivered locally when published.
  const origin = options.random.bytes(12).toString('base64url');
  let closed = false;
  let sending: Promise<unknown> = Promise.resolve();

  function receive(payload: string | undefined): void {
    try {
      const envelope = JSON.parse(payload ?? '') as { origin?: unknown; sealed?: unknown };
      if (envelope.origin === origin) return;
      const message: unknown = JSON.parse(options.secrets.decrypt(String(envelope.sealed), SEAL_AAD));
      if (!isMessage(message)) throw new Error('not a push hub message');
      if (message.kind === 'publish') local.publish(message.linkIds, message.event);
      else local.disconnect(message.linkId);
    } catch (error) {
      // Anyone who may connect can NOTIFY this channel: an unreadable payload is dropped, never acted on.
      report(new Error(`Ignored a notification on ${PUSH_CHANNEL}: ${(error as Error).message}`));
    }
  }

  let active: pg.Client | undefined;

  async function listen(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: APPLICATION_NAME });
    client.on('notification', (notification) => {
      if (notification.channel === PUSH_CHANNEL) receive(notification.payload);
    });
    client.on('error', (error) => {
      report(error);
      if (client !== active) return;
      active = undefined;
      client.end().catch(() => undefined);
      connection = listenAgain();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PUSH_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    active = client;
    return client;
  }

  /** Notifications sent while this instance was not listening are lost; devices get them again on reconnecting. */
  function listenAgain(): Promise<pg.Client> {
    const delayMs = options.reconnectDelayMs ?? RECONNECT_DELAY_MS;
    const attempt = async (): Promise<pg.Client> => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (closed) throw new Error('The push hub is closed.');
        try {
          return await listen();
        } catch (error) {
          report(error as Error);
        }
      }
    };
    const next = attempt();
    // Whoever awaits it (a send, close) sees the rejection; this only keeps it from being "unhandled".
    next.catch(() => undefined);
    return next;
  }

  let connection: Promise<pg.Client> = listen();
  await connection;

  function broadcast(message: Message): void {
    const payload = JSON.stringify({ origin, sealed: options.secrets.encrypt(JSON.stringify(message), SEAL_AAD) });
    const bytes = Buffer.byteLength(payload);
    if (bytes > NOTIFY_PAYLOAD_LIMIT) throw new PushEventTooLargeError(bytes);
    // One connection, one at a time: notifications from one session arrive in the order they were sent.
    sending = sending
      .then(async () => (await connection).query('SELECT pg_notify($1, $2)', [PUSH_CHANNEL, payload]))
      .catch((error: Error) => report(new Error(`A push notification was not sent: ${error.message}`)));
  }

  return {
    attach: local.attach,
    connections: local.connections,
    publish(linkIds, event) {
      // Checked before any local delivery, so an event is either sent everywhere or refused.
      broadcast({ kind: 'publish', linkIds, event });
      return local.publish(linkIds, event);
    },
    disconnect(linkId) {
      local.disconnect(linkId);
      broadcast({ kind: 'disconnect', linkId });
    },
    async close() {
      if (closed) return;
      closed = true;
      local.close();
      await sending;
      const client = await connection.catch(() => undefined);
      await client?.end();
    },
  };
}
