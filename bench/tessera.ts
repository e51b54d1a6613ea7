import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../server/app.js';
import { bootstrapTenant } from '../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT } from '../server/config.js';
import { systemRandom } from '../server/crypto/random.js';
import { createSecretBox } from '../server/crypto/secret-box.js';
import { systemClock } from '../server/deps.js';
import { openSqliteStore } from '../server/store/sqlite/index.js';
import { requestInit } from '../test/helpers/http.js';

/** Tessera as `npm run server` runs it (system clock, SQLite file, logging off), on a loopback port. */
export interface BenchTessera {
  issuer: string;
  /** JSON (or form, for /oauth/token) over real HTTP; throws unless the status is `expect`. */
  call<T>(method: string, path: string, options?: { bearer?: string; json?: unknown; form?: Record<string, string>; expect?: number }): Promise<T>;
  management<T>(method: string, path: string, json?: unknown, expect?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startBenchTessera(): Promise<BenchTessera> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  const store = openSqliteStore(join(dir, 'tessera.db'));
  const secrets = createSecretBox(randomBytes(32), systemRandom);
  const admin = { clientId: randomBytes(16).toString('hex'), clientSecret: randomBytes(32).toString('base64url') };
  await bootstrapTenant({ store, secrets, clock: systemClock, random: systemRandom, tenantName: 'Tessera Bench', admin });
  const app = await buildServer({ store, clock: systemClock, random: systemRandom, secrets, config: { issuer, tenantName: 'Tessera Bench', bodyLimit: DEFAULT_BODY_LIMIT } });
  await app.ready();
  http.on('request', (req, res) => app.routing(req, res));

  const call: BenchTessera['call'] = async (method, path, options = {}) => {
    const response = await fetch(new URL(path, issuer), requestInit(method, options));
    const text = await response.text();
    if (response.status !== (options.expect ?? 200)) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as never;
  };

  let adminToken: string | undefined;
  const management: BenchTessera['management'] = async (method, path, json, expect) => {
    adminToken ??= (
      await call<{ access_token: string }>('POST', '/oauth/token', {
        form: { grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/` },
      })
    ).access_token;
    return call(method, path, { bearer: adminToken, json, expect });
  };

  return {
    issuer,
    call,
    management,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
