import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Timers } from '../../../server/services/log-stream-worker.js';
import { pollUntil } from '../../helpers/manual-timers.js';
import { describePostgres } from '../../helpers/postgres.js';
import { startTwoInstances, type Instance } from '../../helpers/postgres-instances.js';

/**
 * Two instances on one PostgreSQL database both deliver log streams (each is woken by its own audit
 * writes). They take turns at a stream's batches through the stream's lease, so its receiver gets each
 * event once. Checked: with `leases: false` below the receiver gets events twice and this test fails.
 */

const EVENTS = 20;
/** How long the receiver holds the first delivery while waiting for a second to arrive beside it. */
const OVERLAP_BOUND_MS = 2_000;
/**
 * Retries (another instance holds the stream) fire at once rather than after a second, and so does the end
 * of each instance's list window: instance A read its list before B created the stream, and must find it
 * while the logins are still coming to race B for it.
 */
const fastTimers: Timers = { set: (fn, ms) => setTimeout(fn, Math.min(ms, 10)), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };

interface Delivered {
  log_id: string;
  data: { type: string };
}

/**
 * A receiver that holds its first request until a second one arrives (or the bound passes), so two
 * instances reading one cursor at once both send what they read instead of one winning by speed.
 */
async function startOverlapReceiver() {
  const events: Delivered[] = [];
  let held: ServerResponse | undefined;
  let requests = 0;
  const release = () => {
    held?.writeHead(200).end();
    held = undefined;
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      events.push(...(JSON.parse(body) as Delivered[]));
      requests += 1;
      if (requests === 1) {
        held = res;
        setTimeout(release, OVERLAP_BOUND_MS).unref();
        return;
      }
      release();
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`,
    events,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describePostgres('log streams across instances on PostgreSQL', () => {
  it('delivers each event once while both instances race to deliver the stream', async () => {
    const receiver = await startOverlapReceiver();
    cleanups.push(() => receiver.close());
    const { a, b, admin } = await startTwoInstances((cleanup) => cleanups.push(cleanup), { leases: true, logStreamIo: { timers: fastTimers, listTimers: fastTimers } });
    const client = await a.call<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { bearer: admin, json: { name: 'App', grant_types: ['password'] } }, 201);
    await b.call('POST', '/api/v2/log-streams', { bearer: admin, json: { name: 'SIEM', type: 'http', sink: { httpEndpoint: receiver.url, httpContentFormat: 'JSONARRAY' } } });

    // Failed logins on both instances at once: each audit write wakes its own instance's worker.
    const failedLogin = (instance: Instance, index: number) =>
      instance.call('POST', '/oauth/token', { form: { grant_type: 'password', ...client, username: `nobody${index}@example.com`, password: 'wrong password' } }, 403);
    await Promise.all(Array.from({ length: EVENTS }, (_, index) => failedLogin(index % 2 === 0 ? a : b, index)));
    const logs = await a.call<{ log_id: string; type: string }[]>('GET', '/api/v2/logs?per_page=100', { bearer: admin });
    const failed = logs.filter((entry) => entry.type === 'fp').map((entry) => entry.log_id);
    expect(failed).toHaveLength(EVENTS);

    await pollUntil(() => failed.every((id) => receiver.events.some((event) => event.log_id === id)), 'every failed login to reach the receiver', 20_000);
    // Both instances stop, waiting for deliveries in flight: whatever either sent is in by now.
    for (const cleanup of cleanups.splice(1).reverse()) await cleanup();
    const ids = receiver.events.map((event) => event.log_id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(ids.filter((id) => failed.includes(id)).sort()).toEqual([...failed].sort());
  }, 60_000); // Two instances, twenty logins and the receiver's hold: slower than most cases on a busy machine.
});
