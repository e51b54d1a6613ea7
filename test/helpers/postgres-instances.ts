import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildServer } from '../../server/app.js';
import { DEFAULT_BODY_LIMIT } from '../../server/config.js';
import { systemRandom } from '../../server/crypto/random.js';
import type { SecretBox } from '../../server/crypto/secret-box.js';
import { systemClock } from '../../server/deps.js';
import type { JobCoordination } from '../../server/services/job-runner.js';
import { createPostgresPushHub } from '../../server/services/push-hub-postgres.js';
import { openPostgresStore } from '../../server/store/postgres/index.js';
import type { Store } from '../../server/store/types.js';
import { requestInit } from './http.js';
import { TEST_KDF } from './test-crypto.js';

export interface Instance {
  url: string;
  call<T>(method: string, path: string, parts?: { bearer?: string; json?: unknown; form?: Record<string, string> }, expected?: number): Promise<T>;
  close(): Promise<void>;
}

export async function listening(): Promise<{ http: Server; url: string }> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` };
}

/**
 * One Tessera instance on a shared PostgreSQL database, as `npm run server` runs it with
 * TESSERA_DATABASE_URL: its own pool and `LISTEN/NOTIFY` push hub, answering on `http` (which `url` reaches).
 */
export async function startInstance(databaseUrl: string, issuer: string, secrets: SecretBox, http: Server, url: string, jobCoordination?: JobCoordination): Promise<Instance> {
  const store: Store = await openPostgresStore(databaseUrl);
  const pushHub = await createPostgresPushHub({ connectionString: databaseUrl, secrets, random: systemRandom });
  const app: FastifyInstance = await buildServer({
    store, clock: systemClock, random: systemRandom, secrets, kdf: TEST_KDF, pushHub, ...(jobCoordination ? { jobCoordination } : {}),
    config: { issuer, tenantName: 'Tessera Test', bodyLimit: DEFAULT_BODY_LIMIT },
  });
  await app.ready();
  http.on('request', (req, res) => app.routing(req, res));
  const call: Instance['call'] = async (method, path, parts = {}, expected = 200) => {
    const response = await fetch(new URL(path, url), requestInit(method, parts));
    const text = await response.text();
    expect({ path, status: response.status }).toEqual({ path, status: expected });
    return (text === '' ? undefined : JSON.parse(text)) as never;
  };
  return {
    url,
    call,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await app.close();
      await store.close();
    },
  };
}
