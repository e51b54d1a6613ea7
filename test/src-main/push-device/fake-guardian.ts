import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import type { AccountStore, DeviceAccount, KeyStore } from '../../../src-main/push-device';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type FakeHandler = (request: RecordedRequest, res: ServerResponse, index: number) => void;

export interface FakeGuardian {
  /** `http://127.0.0.1:{port}/` — the origin, without `appliance-mfa`. */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for the Guardian API, to unit test the client's wire handling. */
export async function startFakeGuardian(handler: FakeHandler): Promise<FakeGuardian> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(recorded);
      handler(recorded, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}/`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function openEventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

export function memoryKeyStore(): KeyStore & { keys: Map<string, JWK> } {
  const keys = new Map<string, JWK>();
  return {
    keys,
    save: async (id, jwk) => void keys.set(id, jwk),
    load: async (id) => keys.get(id),
    remove: async (id) => void keys.delete(id),
  };
}

export function memoryAccountStore(initial: DeviceAccount[] = []): AccountStore & { accounts: Map<string, DeviceAccount> } {
  const accounts = new Map(initial.map((account) => [account.enrollmentId, account]));
  return {
    accounts,
    list: async () => [...accounts.values()],
    get: async (id) => accounts.get(id),
    save: async (account) => void accounts.set(account.enrollmentId, account),
    remove: async (id) => void accounts.delete(id),
  };
}
