import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildServer } from '../../server/app.js';
import { bootstrapTenant } from '../../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT } from '../../server/config.js';
import { systemRandom } from '../../server/crypto/random.js';
import { createSecretBox, type SecretBox } from '../../server/crypto/secret-box.js';
import { systemClock, type ServerDeps } from '../../server/deps.js';
import { createPostgresPushHub } from '../../server/services/push-hub-postgres.js';
import { openPostgresStore } from '../../server/store/postgres/index.js';
import { createJobLeases } from '../../server/store/postgres/lease.js';
import { createPostgresPool } from '../../server/store/postgres/pool.js';
import type { Store } from '../../server/store/types.js';
import { requestInit } from './http.js';
import { createTestDatabase } from './postgres.js';
import { TEST_KDF } from './test-crypto.js';

export interface Instance {
  url: string;
  call<T>(method: string, path: string, parts?: { bearer?: string; json?: unknown; form?: Record<string, string> }, expected?: number): Promise<T>;
  close(): Promise<void>;
}

async function listening(): Promise<{ http: Server; url: string }> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` };
}

/**
 * One Tessera instance on a shared PostgreSQL database, as `npm run server` runs it with
 * TESSERA_DATABASE_URL: its own pool and `LISTEN/NOTIFY` push hub, answering on `http` (which `url` reaches).
 */
async function startInstance(databaseUrl: string, issuer: string, secrets: SecretBox, http: Server, url: string, extra: Partial<ServerDeps>): Promise<Instance> {
  const store: Store = await openPostgresStore(databaseUrl);
  const pushHub = await createPostgresPushHub({ connectionString: databaseUrl, secrets, random: systemRandom });
  const app: FastifyInstance = await buildServer({
    store, clock: systemClock, random: systemRandom, secrets, kdf: TEST_KDF, pushHub, ...extra,
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

export interface TwoInstances {
  a: Instance;
  b: Instance;
  /** One tenant, one issuer (a load balancer's address; here A's, so a device's links lead to A). */
  issuer: string;
  /** A Management API token of the tenant's admin client. */
  admin: string;
}

/**
 * A fresh migrated database, its tenant bootstrapped once, and two instances serving it. `defer` takes
 * what closes them (the caller runs it after the test, last deferred first). With `jobPollMs`, the
 * instances take job leases (on a pool of their own: the store keeps its pool to itself) and poll
 * for jobs that often. With `leases`, they take turns at log-stream batches and housekeeping passes as
 * `npm run server` instances do; `logStreamIo` replaces their log streams' fetch or timers.
 */
export async function startTwoInstances(
  defer: (cleanup: () => Promise<void>) => void,
  options: { jobPollMs?: number; leases?: boolean; logStreamIo?: ServerDeps['logStreamIo'] } = {},
): Promise<TwoInstances> {
  const databaseUrl = await createTestDatabase();
  const secrets = createSecretBox(randomBytes(32), systemRandom);
  const admin = { clientId: randomBytes(16).toString('hex'), clientSecret: randomBytes(32).toString('base64url') };
  const [listenA, listenB] = [await listening(), await listening()];
  const issuer = listenA.url;
  const bootStore = await openPostgresStore(databaseUrl);
  await bootstrapTenant({ store: bootStore, secrets, clock: systemClock, random: systemRandom, tenantName: 'Tessera Test', admin });
  await bootStore.close();
  let coordination: ((holder: string) => Partial<ServerDeps>) | undefined;
  if (options.jobPollMs !== undefined || options.leases) {
    const leasePool = createPostgresPool(databaseUrl);
    defer(() => leasePool.end());
    const leases = createJobLeases(leasePool, systemClock);
    coordination = (holder) => ({
      ...(options.jobPollMs !== undefined ? { jobCoordination: { leases, holder, pollMs: options.jobPollMs } } : {}),
      ...(options.leases ? { coordination: { leases, holder } } : {}),
    });
  }
  const instances: Instance[] = [];
  for (const [name, listen] of [['a', listenA], ['b', listenB]] as const) {
    const extra = { ...coordination?.(name), ...(options.logStreamIo ? { logStreamIo: options.logStreamIo } : {}) };
    const instance = await startInstance(databaseUrl, issuer, secrets, listen.http, listen.url, extra);
    defer(() => instance.close());
    instances.push(instance);
  }
  const [a, b] = instances as [Instance, Instance];
  const { access_token: token } = await a.call<{ access_token: string }>('POST', '/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/` },
  });
  return { a, b, issuer, admin: token };
}
