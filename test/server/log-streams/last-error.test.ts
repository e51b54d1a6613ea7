import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBody, startLogReceiver, type LogReceiver } from '../../helpers/log-receiver.js';
import { mgmtError } from '../../helpers/management.js';
import { manualTimers, pollUntil, type ManualTimers } from '../../helpers/manual-timers.js';
import { buildTestServer, json, managementToken, mgmt as mgmtWith, type TestServer } from '../../helpers/server.js';

const AUTHORIZATION = 'Bearer collector-token-31d9a7';

let server: TestServer;
let receiver: LogReceiver;
let timers: ManualTimers;
let token: string;
beforeEach(async () => {
  timers = manualTimers();
  receiver = await startLogReceiver();
  server = await buildTestServer({ logStreamIo: { fetch: globalThis.fetch, timers } });
  // One token for the whole test: each token exchange is an audit event, which an active stream would send.
  token = await managementToken(server.app);
});
const mgmt: typeof mgmtWith = (app, method, url, body) => mgmtWith(app, method, url, body, token);
afterEach(async () => {
  await server.close();
  await receiver.close();
});

const view = (id: string, endpoint: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: 'SIEM',
  type: 'http',
  status: 'active',
  sink: { httpEndpoint: endpoint, httpContentType: 'application/json', httpContentFormat: 'JSONARRAY' },
  ...extra,
});

async function createStream(endpoint = receiver.url): Promise<string> {
  const sink = { httpEndpoint: endpoint, httpContentFormat: 'JSONARRAY', httpAuthorization: AUTHORIZATION };
  return (json(await mgmt(server.app, 'POST', '/api/v2/log-streams', { name: 'SIEM', type: 'http', sink })) as { id: string }).id;
}
const getStream = async (id: string) => json(await mgmt(server.app, 'GET', `/api/v2/log-streams/${id}`));
const sendTest = async (id: string) => {
  const response = await mgmt(server.app, 'POST', `/api/v2/log-streams/${id}/test`);
  return { status: response.statusCode, body: json(response) };
};

describe('a log stream shows its last delivery failure (tessera_last_error)', () => {
  it('a receiver answering 500 sets it, in the server’s words; the next success clears it', async () => {
    receiver.answer(500);
    const id = await createStream();
    await pollUntil(() => timers.pending() === 1, 'the first retry to be scheduled');
    const failedAt = new Date(server.clock.now()).toISOString();
    expect(await getStream(id)).toEqual(view(id, receiver.url, { tessera_last_error: { at: failedAt, message: 'HTTP 500 from the endpoint' } }));
    expect(json(await mgmt(server.app, 'GET', '/api/v2/log-streams'))).toEqual([view(id, receiver.url, { tessera_last_error: { at: failedAt, message: 'HTTP 500 from the endpoint' } })]);

    receiver.answer(200);
    timers.fire();
    await pollUntil(async () => (await server.app.tessera.store.logStreams.find(id))?.lastError === null, 'the successful retry');
    expect(await getStream(id)).toEqual(view(id, receiver.url));
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it('an endpoint refusing connections reads "connection refused"', async () => {
    const closed = await startLogReceiver();
    await closed.close();
    const id = await createStream(closed.url);
    await pollUntil(() => timers.pending() === 1, 'the first retry to be scheduled');
    expect(await getStream(id)).toEqual(
      view(id, closed.url, { tessera_last_error: { at: new Date(server.clock.now()).toISOString(), message: 'connection refused' } }),
    );
  });
});

describe('POST /api/v2/log-streams/{id}/test (Tessera extension)', () => {
  it('a good receiver gets one test event with the stream’s headers and format; the cursor stays put', async () => {
    const id = await createStream();
    await pollUntil(() => receiver.requests.length === 1, 'the creation event');
    expect(await mgmt(server.app, 'PATCH', `/api/v2/log-streams/${id}`, { status: 'paused' }).then((r) => r.statusCode)).toBe(200);
    const cursor = (await server.app.tessera.store.logStreams.find(id))?.cursorSeq;

    expect(await sendTest(id)).toEqual({ status: 200, body: { delivered: true } });
    expect(receiver.requests).toHaveLength(2);
    const request = receiver.requests[1];
    expect(request?.headers).toMatchObject({ authorization: AUTHORIZATION, 'content-type': 'application/json' });
    const events = decodeBody('JSONARRAY', request?.body ?? '');
    const logId = events[0]?.log_id ?? '';
    expect(events).toEqual([
      {
        log_id: logId,
        data: {
          log_id: logId,
          date: new Date(server.clock.now()).toISOString(),
          type: 'tessera_log_stream_test',
          description: 'Test event sent from Tessera to check this log stream; not an audit event.',
          details: { log_stream_id: id },
        },
      },
    ]);
    expect((await server.app.tessera.store.logs.find(logId))).toBeUndefined();
    expect((await server.app.tessera.store.logStreams.find(id))?.cursorSeq).toBe(cursor);
  });

  it('a failing receiver: delivered false with the reason; the stream’s last error is not touched', async () => {
    const id = await createStream();
    await pollUntil(() => receiver.requests.length === 1, 'the creation event');
    await mgmt(server.app, 'PATCH', `/api/v2/log-streams/${id}`, { status: 'paused' });
    receiver.answer(503);
    expect(await sendTest(id)).toEqual({ status: 200, body: { delivered: false, message: 'HTTP 503 from the endpoint' } });
    expect(receiver.requests.map((r) => r.status)).toEqual([200, 503]);
    // No receiver's words: its body is never read, and the Authorization value never echoed.
    expect(await getStream(id)).toEqual({ ...view(id, receiver.url), status: 'paused' });
  });

  it('an endpoint refusing connections: delivered false, "connection refused"', async () => {
    const closed = await startLogReceiver();
    await closed.close();
    receiver.answer(500);
    const id = await createStream(closed.url);
    expect(await sendTest(id)).toEqual({ status: 200, body: { delivered: false, message: 'connection refused' } });
  });

  it('an unknown stream: 404', async () => {
    expect(await sendTest('lst_0000000000000000')).toEqual({ status: 404, body: mgmtError(404, 'inexistent_log_stream', 'The log stream does not exist.') });
  });
});
