import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../server/app.js';
import { bootstrapTenant } from '../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT } from '../server/config.js';
import { systemRandom } from '../server/crypto/random.js';
import { createSecretBox } from '../server/crypto/secret-box.js';
import { systemClock } from '../server/deps.js';
import { base32Encode } from '../server/factors/otp.js';
import type { Store } from '../server/store/index.js';
import { openPostgresStore } from '../server/store/postgres/index.js';
import { openSqliteStore } from '../server/store/sqlite/index.js';
import { startBenchPostgres } from './speed/pg-cluster.js';

/**
 * Imports USERS users (half with a TOTP factor, all with a bcrypt hash) through `POST /api/v2/jobs/users-imports`
 * over real HTTP on loopback, as an admin tool would, and prints how long the upload and the job took.
 * Goal: under 2 minutes for 100,000 users on the 2-core CI machine. Not a test; run with `npx tsx bench/import.ts`
 * (SQLite in a temp folder) or `npx tsx bench/import.ts --store postgres` (a throwaway PostgreSQL server,
 * bench/speed/pg-cluster.ts).
 * The hash is the same real bcrypt hash (htpasswd, cost 10) for every user: an import stores hashes as they
 * are and never computes one, so distinct hashes would cost the import nothing more.
 */
const USERS = Number(process.env.BENCH_IMPORT_USERS ?? 100_000);
const BCRYPT = '$2y$10$7i6wseqz0CXgc5L4OUcr3ucm0Q3.y96Val9g.MmD73TbyJ1KYEjgG';

function usersFile(): string {
  const users = Array.from({ length: USERS }, (_, n) => ({
    email: `user${n}@bench.example`,
    email_verified: true,
    user_id: `bench${n}`,
    password_hash: BCRYPT,
    ...(n % 2 === 0 ? { mfa_factors: [{ totp: { secret: base32Encode(randomBytes(20)) } }] } : {}),
  }));
  return JSON.stringify(users);
}

const { values: options } = parseArgs({ options: { store: { type: 'string', default: 'sqlite' } } });
if (options.store !== 'sqlite' && options.store !== 'postgres') throw new Error(`--store must be sqlite or postgres, not ${options.store}`);

/** The store the bench imports into, and how to remove it afterwards. */
async function openBenchStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (options.store === 'postgres') {
    const cluster = await startBenchPostgres();
    const store = await openPostgresStore(await cluster.createDatabase());
    return { store, dispose: async () => void (await store.close(), await cluster.stop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-import-'));
  const store = openSqliteStore(join(dir, 'tessera.db'));
  return { store, dispose: async () => void (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function main(): Promise<void> {
  // Built before any request: building it takes seconds, longer than an idle keep-alive socket lives.
  const file = usersFile();
  const http = createServer();
  // A step parsing the 100,000-row file holds the event loop for seconds; the default 5 s keep-alive timer
  // then fires late, just as the next poll reuses the socket, and the poll meets a reset connection.
  http.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  const { store, dispose } = await openBenchStore();
  const secrets = createSecretBox(randomBytes(32), systemRandom);
  const admin = { clientId: randomBytes(16).toString('hex'), clientSecret: randomBytes(32).toString('base64url') };
  await bootstrapTenant({ store, secrets, clock: systemClock, random: systemRandom, tenantName: 'Tessera Bench', admin });
  const app = await buildServer({ store, clock: systemClock, random: systemRandom, secrets, config: { issuer, tenantName: 'Tessera Bench', bodyLimit: DEFAULT_BODY_LIMIT }, logger: process.env.BENCH_LOG ? { level: 'info' } : false });
  await app.ready();
  http.on('request', (req, res) => app.routing(req, res));
  try {
    const tokenResponse = await fetch(new URL('/oauth/token', issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/` }),
    });
    const bearer = { authorization: `Bearer ${((await tokenResponse.json()) as { access_token: string }).access_token}` };
    const [connection] = (await (await fetch(new URL('/api/v2/connections', issuer), { headers: bearer })).json()) as { id: string }[];

    const started = performance.now();
    const form = new FormData();
    form.append('users', new Blob([file], { type: 'application/json' }), 'users.json');
    form.append('connection_id', connection?.id ?? '');
    const upload = await fetch(new URL('/api/v2/jobs/users-imports', issuer), { method: 'POST', headers: bearer, body: form });
    const job = (await upload.json()) as { id: string };
    if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${JSON.stringify(job)}`);
    const accepted = performance.now();
    let status: { status: string; summary: Record<string, number> };
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await (await fetch(new URL(`/api/v2/jobs/${job.id}`, issuer), { headers: bearer })).json()) as typeof status;
    } while (status.status === 'pending' || status.status === 'processing');
    const finished = performance.now();

    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `${options.store}: import ${USERS} users (${(file.length / 1024 / 1024).toFixed(1)} MiB, half with TOTP): upload ${seconds(accepted - started)}, ` +
        `job ${seconds(finished - accepted)}, total ${seconds(finished - started)} (goal < 120 s); ${status.status} ${JSON.stringify(status.summary)}`,
    );
  } finally {
    await app.close();
    http.close();
    await dispose();
  }
}

await main();
