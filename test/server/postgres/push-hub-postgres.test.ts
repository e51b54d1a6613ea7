import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemRandom } from '../../../server/crypto/random.js';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import {
  APPLICATION_NAME,
  createPostgresPushHub,
  PUSH_CHANNEL,
  PushEventTooLargeError,
  type PostgresPushHub,
} from '../../../server/services/push-hub-postgres.js';
import type { PushEvent } from '../../../server/services/push-hub.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';

/** Two Tessera instances' push hubs on one database, each behind a loopback HTTP server that devices stream from. */

const DATA_KEY = Buffer.alloc(32, 7);
const WAIT = { timeout: 10_000, interval: 20 };
const CONNECTED = 'retry: 3000\n: connected\n\n';

interface Instance {
  hub: PostgresPushHub;
  server: Server;
  errors: Error[];
}

interface Stream {
  text: () => string;
  ended: Promise<void>;
  close: () => void;
}

const frame = (event: PushEvent) => `event: ${event.type ?? 'push'}\n${event.id === undefined ? '' : `id: ${event.id}\n`}data: ${JSON.stringify(event.data)}\n\n`;
const challenge = (n: number): PushEvent => ({ id: `chl_${n}`, data: { dai: 'dev_1', txtkn: `secret-txtkn-${n}`, c: `chl_${n}` } });

async function startInstance(url: string, dataKey = DATA_KEY): Promise<Instance> {
  const errors: Error[] = [];
  const hub = await createPostgresPushHub({
    connectionString: url, secrets: createSecretBox(dataKey, systemRandom), random: systemRandom, reconnectDelayMs: 50, onError: (error) => errors.push(error),
  });
  // As Tessera's device event route does: the stream is attached for the device the URL names.
  const server = createServer((request, response) => hub.attach(request.url!.slice(1), response, []));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { hub, server, errors };
}

function openStream(instance: Instance, linkId: string): Promise<Stream> {
  const { port } = instance.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: `/${linkId}`, agent: false }, (response: IncomingMessage) => {
      let text = '';
      const ended = new Promise<void>((done) => response.on('end', done));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      resolve({ text: () => text, ended, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

async function attached(instance: Instance, linkId: string): Promise<Stream> {
  const stream = await openStream(instance, linkId);
  await expect.poll(() => instance.hub.connections(linkId), WAIT).toBe(1);
  return stream;
}

describePostgres('PostgreSQL push hub (LISTEN/NOTIFY between instances)', () => {
  let url: string;
  let a: Instance;
  let b: Instance;
  const others: Instance[] = [];

  beforeEach(async () => {
    url ??= await createTestDatabase();
    [a, b] = await Promise.all([startInstance(url), startInstance(url)]);
  });
  afterEach(async () => {
    for (const instance of [a, b, ...others.splice(0)]) {
      await instance.hub.close();
      await new Promise((resolve) => instance.server.close(resolve));
    }
  });

  it('delivers an event published on one instance to the stream another instance holds, in order, once', async () => {
    const onB = await attached(b, 'dev_1');
    const onA = await attached(a, 'dev_1');
    expect(a.hub.publish(['dev_1'], challenge(1))).toBe(1);
    expect(a.hub.publish(['dev_1'], { type: 'resolved', data: { dai: 'dev_1', c: 'chl_1', status: 'accepted' } })).toBe(1);
    await expect.poll(onB.text, WAIT).toBe(CONNECTED + frame(challenge(1)) + frame({ type: 'resolved', data: { dai: 'dev_1', c: 'chl_1', status: 'accepted' } }));
    // A notification from B commits after A's, so once A has B's event it has seen (and skipped) its own.
    expect(b.hub.publish(['dev_1'], challenge(2))).toBe(1);
    await expect.poll(onA.text, WAIT).toContain(frame(challenge(2)));
    expect(onA.text()).toBe(CONNECTED + frame(challenge(1)) + frame({ type: 'resolved', data: { dai: 'dev_1', c: 'chl_1', status: 'accepted' } }) + frame(challenge(2)));
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('counts only its own streams: 0 from an instance that holds none, though another delivers', async () => {
    const onB = await attached(b, 'dev_1');
    const other = await attached(b, 'dev_2');
    expect(a.hub.publish(['dev_1'], challenge(3))).toBe(0);
    await expect.poll(onB.text, WAIT).toBe(CONNECTED + frame(challenge(3)));
    // Another device's stream gets nothing.
    b.hub.publish(['dev_2'], challenge(4));
    await expect.poll(other.text, WAIT).toBe(CONNECTED + frame(challenge(4)));
  });

  it('ends a device\'s streams on every instance when it is disconnected on one', async () => {
    const onB = await attached(b, 'dev_1');
    const stays = await attached(b, 'dev_2');
    a.hub.disconnect('dev_1');
    await onB.ended;
    expect(b.hub.connections('dev_1')).toBe(0);
    expect(b.hub.connections('dev_2')).toBe(1);
    stays.close();
  });

  it('sends events sealed: a listener on the channel without the data key reads no token', async () => {
    const spy = new pg.Client({ connectionString: url });
    await spy.connect();
    const payloads: string[] = [];
    spy.on('notification', (notification) => payloads.push(notification.payload ?? ''));
    await spy.query(`LISTEN ${PUSH_CHANNEL}`);
    a.hub.publish(['dev_1'], challenge(5));
    await expect.poll(() => payloads.length, WAIT).toBe(1);
    await spy.end();
    expect(payloads[0]).not.toContain('secret-txtkn-5');
    expect(payloads[0]).not.toContain('dev_1');
  });

  it('ignores notifications it cannot open (forged, or another data key) and keeps delivering', async () => {
    const stranger = await startInstance(url, Buffer.alloc(32, 9));
    others.push(stranger);
    const onB = await attached(b, 'dev_1');
    stranger.hub.publish(['dev_1'], challenge(6));
    const pool = testPool(url, { max: 1 });
    await pool.query('SELECT pg_notify($1, $2)', [PUSH_CHANNEL, '{"not":"sealed"']);
    await pool.end();
    a.hub.publish(['dev_1'], challenge(7));
    await expect.poll(onB.text, WAIT).toBe(CONNECTED + frame(challenge(7)));
    // Both bad notifications were committed before the good one, so they were handled before it arrived.
    const ignored = expect.stringMatching(new RegExp(`^Ignored a notification on ${PUSH_CHANNEL}: `));
    expect(b.errors.map((error) => error.message)).toEqual([ignored, ignored]);
  });

  it('refuses an event too large for NOTIFY before writing it anywhere', async () => {
    const onA = await attached(a, 'dev_1');
    const huge: PushEvent = { id: 'chl_big', data: { padding: 'x'.repeat(8_000) } };
    expect(() => a.hub.publish(['dev_1'], huge)).toThrow(PushEventTooLargeError);
    expect(() => a.hub.publish(['dev_1'], huge)).toThrow(/^A push event of \d+ bytes \(sealed\) exceeds PostgreSQL's NOTIFY limit of 7999 bytes\.$/);
    a.hub.publish(['dev_1'], challenge(8));
    // Had the refused event been written, it would stand before this one.
    await expect.poll(onA.text, WAIT).toBe(CONNECTED + frame(challenge(8)));
  });

  it('listens again after its connection is cut, and delivers what is published afterwards', async () => {
    const onB = await attached(b, 'dev_1');
    const pool = testPool(url, { max: 1 });
    // A backend shows in pg_stat_activity once connected, before its LISTEN has run; one that is idle with
    // LISTEN as its last statement has committed it, so it gets every notification committed afterwards.
    const listening = async () => (await pool.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND state = 'idle' AND query = $2 ORDER BY pid",
      [APPLICATION_NAME, `LISTEN ${PUSH_CHANNEL}`],
    )).rows.map((row) => row.pid);
    // This file's two hubs only: other files' instances listen in their own databases on the same server.
    const before = await listening();
    expect(before).toHaveLength(2);
    await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [APPLICATION_NAME]);
    await expect.poll(async () => (await listening()).filter((pid) => !before.includes(pid)).length, WAIT).toBe(2);
    await pool.end();
    a.hub.publish(['dev_1'], challenge(9));
    await expect.poll(onB.text, WAIT).toBe(CONNECTED + frame(challenge(9)));
    expect(b.errors.map((error) => error.message)).toContain('terminating connection due to administrator command');
  });
});
