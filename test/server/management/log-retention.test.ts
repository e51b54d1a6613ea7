import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_RETENTION_BATCH } from '../../../server/services/log-retention.js';
import { queryRows } from '../../helpers/db.js';
import { adminApi, expectStatus, seedClient, seedUser, type AdminCall } from '../../helpers/mfa-admin.js';
import { buildTestServer, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';

const DAY_MS = 24 * 3600 * 1000;

let server: TestServer;
let admin: AdminCall;
let client: TestClient;
beforeEach(async () => {
  server = await buildTestServer();
  admin = await adminApi(server.app);
  client = await seedClient(admin);
  await seedUser(admin, 'ada@example.com');
});
afterEach(() => server?.close());

/** `n` wrong-password logins: each writes one `fp` entry at the clock's time. */
async function failedLogins(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const response = await tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: 'ada@example.com', password: `wrong ${i}` });
    // The password limiter allows 10 wrong guesses; past that the entries are `limit_wc`, still entries.
    expect([403, 429]).toContain(response.statusCode);
  }
}

const entries = () => queryRows<{ type: string; date: number }>(server, 'SELECT type, date FROM logs ORDER BY seq');

describe('audit log retention (TESSERA_LOG_RETENTION_DAYS, 30 days by default)', () => {
  it('deletes the entries older than 30 days and keeps the rest, in GET /api/v2/logs too', async () => {
    const start = server.clock.now();
    await failedLogins(3);
    const old = (await entries()).length;
    server.clock.advance(20 * DAY_MS);
    await failedLogins(2);
    server.clock.set(start + 30 * DAY_MS + 1);

    expect(await server.app.logRetention.run()).toBe(old);
    expect(await entries()).toEqual([{ type: 'fp', date: start + 20 * DAY_MS }, { type: 'fp', date: start + 20 * DAY_MS }]);
    // A new token (the first expired long ago), logged as it is issued: three entries in all.
    const listed = expectStatus<{ total: number; logs: { type: string }[] }>(await (await adminApi(server.app))('GET', '/api/v2/logs?include_totals=true'), 200);
    expect(listed).toMatchObject({ total: 3, length: 3 });
    expect(listed.logs.map((log) => log.type)).toEqual(['seccft', 'fp', 'fp']);
    expect(await server.app.logRetention.run()).toBe(0);
  });

  it('purges at start-up, a batch at a time, however many entries expired', async () => {
    const start = server.clock.now();
    // More than one batch of expired entries, written straight into the table (fast), then a restart.
    const db = server.app.tessera.store;
    for (let i = 0; i < LOG_RETENTION_BATCH * 2 + 5; i++) {
      await db.logs.insert({ log_id: `old-${i}`, type: 'fp', date: start, description: null, client_id: null, client_name: null, user_id: null, user_name: null, ip: null, user_agent: null, details: {} });
    }
    const { dbPath, dataKey } = server;
    await server.close({ keepFiles: true });
    server.clock.set(start + 31 * DAY_MS);
    server = await buildTestServer({ dbPath, dataKey, clock: server.clock });
    // The first batch goes before the server is ready; the others between requests, right after.
    await expect.poll(() => queryRows(server, "SELECT COUNT(*) AS n FROM logs WHERE log_id LIKE 'old-%'")).toEqual([{ n: 0 }]);
  });

  it('keeps what an active log stream has yet to deliver; a paused stream does not hold entries back', async () => {
    const start = server.clock.now();
    // A receiver that is never there: the stream's cursor stays where it was created.
    const stream = expectStatus<{ id: string }>(await admin('POST', '/api/v2/log-streams', { name: 'SIEM', type: 'http', sink: { httpEndpoint: 'http://127.0.0.1:1/', httpContentType: 'application/json', httpContentFormat: 'JSONLINES' } }), 200);
    await failedLogins(3);
    server.clock.set(start + 31 * DAY_MS);

    await server.app.logRetention.run();
    expect((await entries()).filter((entry) => entry.type === 'fp')).toHaveLength(3);

    admin = await adminApi(server.app);
    expectStatus(await admin('PATCH', `/api/v2/log-streams/${stream.id}`, { status: 'paused' }), 200);
    await server.app.logRetention.run();
    expect((await entries()).filter((entry) => entry.type === 'fp')).toEqual([]);
  });
});
