import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogReceiver, type LogReceiver } from '../../helpers/log-receiver.js';
import { freePort, ServerGroup, type RunningServer } from '../../helpers/process.js';

/** kill -9 of the real server process while a delivery is in flight: nothing is lost after the restart. */

// Two real starts with production-cost hashing: slow on a busy machine, so a wide bound.
const TIMEOUT_MS = 120_000;

let root: string;
let dataDir: string;
let servers: ServerGroup;
let receiver: LogReceiver;
let env: Record<string, string>;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-stream-crash-'));
  dataDir = join(root, 'data');
  servers = new ServerGroup();
  receiver = await startLogReceiver();
  env = { TESSERA_PORT: String(await freePort()) };
});
afterEach(async () => {
  await servers.killAll();
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

/** A Management API caller with a token from the credentials file the server wrote. */
async function managementApi(server: RunningServer) {
  const file = JSON.parse(readFileSync(join(dataDir, 'admin-client.json'), 'utf8')) as { client_id: string; client_secret: string; audience: string };
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: file.client_id, client_secret: file.client_secret, audience: file.audience });
  const tokenResponse = await fetch(new URL('/oauth/token', server.url), { method: 'POST', body: form });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

describe('log streams across kill -9', () => {
  it('a delivery in flight when the process dies is sent again after the restart; every event arrives, in order', { timeout: TIMEOUT_MS }, async () => {
    receiver.answer('hang');
    const first = await servers.start(dataDir, env);
    const api = await managementApi(first);
    const stream = await api<{ id: string }>('POST', '/api/v2/log-streams', { name: 'crash', type: 'http', sink: { httpEndpoint: receiver.url, httpContentFormat: 'JSONARRAY' } });
    for (const threshold of [2, 3, 4, 5]) await api('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold } });
    // The kill lands while the receiver holds the first POST open, by state, not by time.
    await receiver.until(() => receiver.requests.length === 1, 15_000, 'the first delivery');
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    receiver.answer(200);
    const second = await servers.start(dataDir, env);
    const again = await managementApi(second);
    const logs = await again<{ log_id: string; type: string; description: string }[]>('GET', '/api/v2/logs?sort=date:1&per_page=100');
    const created = logs.findIndex((log) => log.description === 'Create a log stream');
    const expected = logs.slice(created).map((log) => log.log_id);
    await receiver.until(() => receiver.accepted('JSONARRAY').some((event) => event.log_id === expected.at(-1)), 30_000, 'delivery after the restart');

    const firstSeen = [...new Set(receiver.accepted('JSONARRAY').map((event) => event.log_id))];
    expect(firstSeen.slice(0, expected.length)).toEqual(expected);
    expect(logs.slice(created, created + 5).map((log) => log.type)).toEqual(['sapi', 'gd_tenant_update', 'gd_tenant_update', 'gd_tenant_update', 'gd_tenant_update']);
    expect(stream.id).toMatch(/^lst_/);
    await second.stop();
  });
});
