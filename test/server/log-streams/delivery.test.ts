import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogReceiver, type LogReceiver, type StreamEvent } from '../../helpers/log-receiver.js';
import { manualTimers, pollUntil, type ManualTimers } from '../../helpers/manual-timers.js';
import { LOG_TYPE_CATEGORY } from '../../../server/services/log-stream-categories.js';
import { approveLoginOnStream, enrollPushUser, expectOk, pushTenant, startPushTessera, type PushTessera } from '../../helpers/push.js';

const FORMATS = ['JSONARRAY', 'JSONLINES', 'JSONOBJECT'] as const;
type Format = (typeof FORMATS)[number];
const AUTHORIZATION = 'Bearer collector-token-8c1f0e';
const EMAIL = 'ada@example.com';

let server: PushTessera;
let receiver: LogReceiver;
let timers: ManualTimers;
beforeEach(async () => {
  timers = manualTimers();
  receiver = await startLogReceiver();
  server = await startPushTessera({ logStreamIo: { timers }, logStreamSuspendAfterS: 60 });
});
afterEach(async () => {
  await server.close();
  await receiver.close();
});

async function createStream(format: Format, path = '/'): Promise<string> {
  const sink = { httpEndpoint: new URL(path, receiver.url).href, httpContentFormat: format, httpAuthorization: AUTHORIZATION, httpCustomHeaders: [{ header: 'X-Source', value: 'tessera' }] };
  return expectOk(await server.management<{ id: string }>('POST', '/api/v2/log-streams', { name: `to ${path}`, type: 'http', sink })).id;
}

/** Every audit event from the one whose description is given (the stream's creation), as GET /api/v2/logs shows them. */
async function eventsSince(firstLogId: string): Promise<StreamEvent[]> {
  const first = expectOk(await server.management<StreamEvent['data']>('GET', `/api/v2/logs/${firstLogId}`));
  const rest = expectOk(await server.management<StreamEvent['data'][]>('GET', `/api/v2/logs?from=${firstLogId}&take=100`));
  return [first, ...rest].map((data) => ({ log_id: data.log_id, data }));
}

const lastLogId = async () => (await server.app.tessera.store.logs.all()).at(-1)?.log_id;
const streamCreatedLogId = async (id: string) =>
  (await server.app.tessera.store.logs.all()).find((row) => row.description === 'Create a log stream' && row.details.log_stream_id === id)?.log_id ?? '';
/** An event that costs nothing to make: a tenant setting written. */
const touch = async (threshold: number) => expectOk(await server.management('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold } }));
const streamStatus = async (id: string) => expectOk(await server.management<{ status: string }>('GET', `/api/v2/log-streams/${id}`)).status;

describe('log streams deliver every audit event over HTTP', () => {
  it('a stream with filters receives only events in its categories, and its cursor still passes the others', async () => {
    const sink = (path: string) => ({ httpEndpoint: new URL(path, receiver.url).href, httpContentFormat: 'JSONARRAY' });
    const all = expectOk(await server.management<{ id: string }>('POST', '/api/v2/log-streams', { name: 'all', type: 'http', sink: sink('/all') })).id;
    const filters = [{ type: 'category', name: 'auth.ancillary.success' }, { type: 'category', name: 'auth.token_exchange.success' }];
    const mfa = expectOk(await server.management<{ id: string }>('POST', '/api/v2/log-streams', { name: 'mfa', type: 'http', sink: sink('/mfa'), filters })).id;
    const tenant = await pushTenant(server, EMAIL);
    const { device } = await enrollPushUser(server, tenant.client, EMAIL);
    expectOk(await approveLoginOnStream(server, tenant.client, device, EMAIL));
    // The last event is a Management API call (sapi): outside the filtered stream's categories.
    expect((await server.management('DELETE', `/api/v2/users/${encodeURIComponent(tenant.user.user_id)}/authenticators`)).status).toBe(204);

    const rows = await server.app.tessera.store.logs.all();
    const last = rows.at(-1);
    expect(last?.type).toBe('sapi');
    await receiver.until(() => receiver.accepted('JSONARRAY', '/all').some((event) => event.log_id === last?.log_id), 15_000, 'unfiltered delivery');
    await pollUntil(async () => (await server.app.tessera.store.logStreams.find(mfa))?.cursorSeq === last?.seq, 'filtered stream cursor reaches the last event');

    const everything = receiver.accepted('JSONARRAY', '/all');
    expect(everything).toEqual(await eventsSince((await streamCreatedLogId(all))));
    const wanted = new Set(filters.map((filter) => filter.name));
    const mfaEvents = receiver.accepted('JSONARRAY', '/mfa');
    // Everything the unfiltered stream saw after the filtered one was created, in those categories, in order.
    const firstMfaLog = await streamCreatedLogId(mfa);
    const after = everything.slice(everything.findIndex((event) => event.log_id === firstMfaLog));
    expect(mfaEvents).toEqual(after.filter((event) => wanted.has(LOG_TYPE_CATEGORY[event.data.type as keyof typeof LOG_TYPE_CATEGORY])));
    expect(mfaEvents.map((event) => event.data.type)).toEqual(expect.arrayContaining(['mfar', 'gd_enrollment_complete', 'gd_send_pn', 'gd_auth_succeed', 'seoobft']));
    expect(mfaEvents.map((event) => event.data.type)).not.toContain('sapi');
  });

  it('a full login-and-reset flow reaches a stream of each format, in order, each POST with the Authorization header', async () => {
    const ids = await Promise.all(FORMATS.map((format) => createStream(format, `/${format.toLowerCase()}`)));
    const tenant = await pushTenant(server, EMAIL);
    const { device } = await enrollPushUser(server, tenant.client, EMAIL);
    expectOk(await approveLoginOnStream(server, tenant.client, device, EMAIL));
    expect((await server.management('DELETE', `/api/v2/users/${encodeURIComponent(tenant.user.user_id)}/authenticators`)).status).toBe(204);

    const last = await lastLogId();
    for (const format of FORMATS) {
      const path = `/${format.toLowerCase()}`;
      await receiver.until(() => receiver.accepted(format, path).some((event) => event.log_id === last), 15_000, `${format} delivery`);
    }
    for (const [i, format] of FORMATS.entries()) {
      const path = `/${format.toLowerCase()}`;
      const expected = await eventsSince((await streamCreatedLogId(ids[i] ?? '')));
      expect(receiver.accepted(format, path)).toEqual(expected);
      const requests = receiver.requests.filter((r) => r.path === path);
      for (const request of requests) {
        expect(request.headers).toMatchObject({ authorization: AUTHORIZATION, 'content-type': 'application/json', 'x-source': 'tessera' });
      }
      if (format === 'JSONOBJECT') expect(requests).toHaveLength(expected.length);
    }
    const types = receiver.accepted('JSONARRAY', '/jsonarray').map((event) => event.data.type);
    expect(types).toEqual(expect.arrayContaining(['sapi', 'mfar', 'gd_enrollment_complete', 'gd_send_pn', 'gd_auth_succeed', 'seoobft']));
    expect(types.at(-1)).toBe('sapi');
  });

  it('a receiver answering 500 gets every event, in order and once, when it recovers; retries back off exponentially', async () => {
    receiver.answer(500);
    const id = await createStream('JSONARRAY');
    await pollUntil(() => timers.pending() === 1, 'the first retry to be scheduled');
    for (const threshold of [4, 5, 6, 7]) await touch(threshold);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const seen = receiver.requests.length;
      timers.fire();
      await pollUntil(() => receiver.requests.length > seen && timers.pending() === 1, 'a failed retry');
    }
    expect(timers.delays).toEqual([1000, 2000, 4000]);
    receiver.answer(200);
    timers.fire();
    const last = await lastLogId();
    await receiver.until(() => receiver.accepted('JSONARRAY').some((event) => event.log_id === last));
    const expected = await eventsSince((await streamCreatedLogId(id)));
    expect(expected.map((event) => event.data.type)).toEqual(['sapi', 'gd_tenant_update', 'gd_tenant_update', 'gd_tenant_update', 'gd_tenant_update']);
    expect(receiver.accepted('JSONARRAY')).toEqual(expected);
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
  });

  it('a stream failing for TESSERA_LOG_STREAM_SUSPEND_AFTER_S is suspended; PATCH active resumes from its cursor', async () => {
    receiver.answer(500);
    const id = await createStream('JSONLINES');
    await pollUntil(() => timers.pending() === 1, 'the first retry to be scheduled');
    server.clock.advance(59_000);
    timers.fire();
    await pollUntil(() => receiver.requests.length === 2 && timers.pending() === 1, 'the second failure');
    expect(await streamStatus(id)).toBe('active');
    server.clock.advance(1_000);
    timers.fire();
    await pollUntil(async () => (await server.app.tessera.store.logStreams.find(id))?.status === 'suspended', 'the suspension');
    expect(await streamStatus(id)).toBe('suspended');
    expect(timers.pending()).toBe(0);

    await touch(9);
    receiver.answer(200);
    const resumed = expectOk(await server.management<{ status: string }>('PATCH', `/api/v2/log-streams/${id}`, { status: 'active' }));
    expect(resumed.status).toBe('active');
    const last = await lastLogId();
    await receiver.until(() => receiver.accepted('JSONLINES').some((event) => event.log_id === last));
    const expected = await eventsSince((await streamCreatedLogId(id)));
    expect(expected.map((event) => [event.data.type, event.data.description])).toEqual([
      ['sapi', 'Create a log stream'],
      ['gd_tenant_update', 'Guardian tenant update'],
      ['sapi', 'Update a log stream'],
    ]);
    expect(receiver.accepted('JSONLINES')).toEqual(expected);
    // Created (T), T + 59 s, T + 60 s: the third failure is the one that suspends.
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
  });

  it('a new endpoint PATCHed during a backoff is tried at once, from the cursor', async () => {
    receiver.answer(500);
    const id = await createStream('JSONARRAY', '/old');
    await pollUntil(() => timers.pending() === 1, 'the first retry to be scheduled');
    receiver.answer(200);
    expectOk(await server.management('PATCH', `/api/v2/log-streams/${id}`, { sink: { httpEndpoint: new URL('/new', receiver.url).href } }));
    const last = await lastLogId();
    await receiver.until(() => receiver.accepted('JSONARRAY', '/new').some((event) => event.log_id === last));
    expect(timers.pending()).toBe(0);
    expect(receiver.accepted('JSONARRAY', '/new')).toEqual(await eventsSince((await streamCreatedLogId(id))));
    expect(receiver.requests.map((r) => [r.path, r.status])).toEqual([['/old', 500], ['/new', 200]]);
  });

  it('a paused stream keeps its cursor: events written while paused arrive after it is resumed', async () => {
    const witness = await createStream('JSONARRAY', '/witness');
    const paused = await createStream('JSONARRAY', '/paused');
    expect(expectOk(await server.management<{ status: string }>('PATCH', `/api/v2/log-streams/${paused}`, { status: 'paused' })).status).toBe('paused');
    await touch(11);
    const whilePaused = await lastLogId();
    await receiver.until(() => receiver.accepted('JSONARRAY', '/witness').some((event) => event.log_id === whilePaused));
    expect(receiver.accepted('JSONARRAY', '/paused').map((event) => event.log_id)).not.toContain(whilePaused);

    expectOk(await server.management('PATCH', `/api/v2/log-streams/${paused}`, { status: 'active' }));
    const last = await lastLogId();
    await receiver.until(() => receiver.accepted('JSONARRAY', '/paused').some((event) => event.log_id === last));
    expect(receiver.accepted('JSONARRAY', '/paused')).toEqual(await eventsSince((await streamCreatedLogId(paused))));
    expect(witness).not.toBe(paused);
  });
});
