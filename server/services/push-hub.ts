import type { ServerResponse } from 'node:http';

/** How often an idle stream gets a comment line, so proxies and NATs keep it open. */
export const SSE_HEARTBEAT_MS = 15_000;

export interface PushEvent {
  /** `push` (a login request, Guardian's shape) unless said otherwise; `resolved` tells devices to drop one. */
  type?: 'push' | 'resolved';
  /** The SSE id (the challenge). Left out of `resolved` events so a device's Last-Event-ID keeps naming a request. */
  id?: string;
  data: Record<string, unknown>;
}

/**
 * Tessera's self-hosted push channel: each enrolled device keeps a Server-Sent Events stream open;
 * a challenge is written to the streams of its user's devices. The database stays authoritative:
 * a device that reconnects is sent every still-pending challenge again.
 */
export interface PushHub {
  attach(linkId: string, response: ServerResponse, replay: PushEvent[]): void;
  publish(linkIds: string[], event: PushEvent): number;
  /** Ends every stream of a device (it was unenrolled). */
  disconnect(linkId: string): void;
  close(): void;
  connections(linkId: string): number;
}

function frame(event: PushEvent): string {
  const id = event.id === undefined ? '' : `id: ${event.id}\n`;
  return `event: ${event.type ?? 'push'}\n${id}data: ${JSON.stringify(event.data)}\n\n`;
}

export function createPushHub(heartbeatMs = SSE_HEARTBEAT_MS): PushHub {
  const streams = new Map<string, Set<ServerResponse>>();
  const remove = (linkId: string, response: ServerResponse) => {
    const set = streams.get(linkId);
    set?.delete(response);
    if (set?.size === 0) streams.delete(linkId);
  };
  const timer = setInterval(() => {
    for (const set of streams.values()) for (const response of set) response.write(': heartbeat\n\n');
  }, heartbeatMs);
  timer.unref();
  return {
    attach(linkId, response, replay) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write(`retry: 3000\n: connected\n\n`);
      for (const event of replay) response.write(frame(event));
      const set = streams.get(linkId) ?? new Set<ServerResponse>();
      set.add(response);
      streams.set(linkId, set);
      response.on('close', () => remove(linkId, response));
    },
    publish(linkIds, event) {
      let delivered = 0;
      for (const linkId of linkIds) {
        for (const response of streams.get(linkId) ?? []) {
          response.write(frame(event));
          delivered += 1;
        }
      }
      return delivered;
    },
    disconnect(linkId) {
      for (const response of streams.get(linkId) ?? []) response.end();
      streams.delete(linkId);
    },
    close() {
      clearInterval(timer);
      for (const set of streams.values()) for (const response of set) response.end();
      streams.clear();
    },
    connections: (linkId) => streams.get(linkId)?.size ?? 0,
  };
}
