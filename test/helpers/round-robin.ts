import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The response header naming the upstream (its index) that answered. */
export const SERVED_BY = 'x-served-by';

/** One request the proxy forwarded: which upstream (its index) answered which method and path. */
export interface Forwarded {
  upstream: number;
  method: string;
  path: string;
}

export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>/`: the address clients use (and the instances' issuer). */
  url: string;
  /** Every request so far, in the order the proxy sent them on. */
  readonly forwarded: Forwarded[];
  /** The upstream the next request goes to. */
  readonly next: number;
  /** Sets where requests go: `http://host:port/` bases, taken in turn. */
  route(upstreams: string[]): void;
  close(): Promise<void>;
}

/**
 * A load balancer on loopback that sends each request to the next upstream in turn, on a connection of
 * its own (`agent: false`, `Connection: close`), so two requests of one keep-alive client still go to
 * different instances. Responses stream through unbuffered, as event streams need.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let upstreams: string[] = [];
  let turn = 0;
  const forwarded: Forwarded[] = [];

  function forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
    if (upstreams.length === 0) {
      outgoing.writeHead(502).end();
      return;
    }
    const upstream = turn;
    turn = (turn + 1) % upstreams.length;
    const path = incoming.url ?? '/';
    forwarded.push({ upstream, method: incoming.method ?? 'GET', path });
    const target = new URL(path, upstreams[upstream]);
    const onward = httpRequest(target, { method: incoming.method, headers: { ...incoming.headers, connection: 'close' }, agent: false }, (answer) => {
      // Which instance answered, so a test can show that both served (parallel requests included).
      outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, [SERVED_BY]: String(upstream) });
      answer.pipe(outgoing);
    });
    onward.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    // The client went away (an event stream it aborted): so does the upstream request.
    outgoing.on('close', () => onward.destroy());
    incoming.pipe(onward);
  }

  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    forwarded,
    get next() {
      return turn;
    },
    route(list) {
      upstreams = [...list];
      turn = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
