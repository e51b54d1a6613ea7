import type { ServerResponse } from 'node:http';
import { importJWK, jwtVerify } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  openStream,
  type DevicePublicJwk,
  type KeyStore,
  type PushRequest,
  type StreamOptions,
  type StreamState,
} from '../../../src-main/push-device';
import { fixedClock } from '../../helpers/clock';
import { openEventStream, sendJson, startFakeGuardian, type FakeGuardian, type FakeHandler } from './fake-guardian';
import { account, ENROLLMENT_ID, keyStoreWithDeviceKey, NOW_MS, NOW_S, pushData, sseEvent, USER_ID } from './fixtures';

let keyStore: KeyStore;
let publicJwk: DevicePublicJwk;
let guardian: FakeGuardian | undefined;

beforeAll(async () => {
  ({ keyStore, publicJwk } = await keyStoreWithDeviceKey());
});
afterEach(async () => {
  await guardian?.close();
  guardian = undefined;
});

/** Flush `text`, then cut the TCP connection as a crashed proxy or a network change would. */
function writeThenDrop(res: ServerResponse, text: string): void {
  res.write(text, () => res.destroy());
}

interface Run {
  requests: PushRequest[];
  states: StreamState[];
  delays: number[];
  warnings: string[];
}

/**
 * Runs openStream against the fake server with a fake sleep (records each backoff delay, returns at once)
 * and a fixed clock; stops when `done` says so.
 */
async function run(handler: FakeHandler, done: (r: Run) => boolean, extra: Partial<StreamOptions> = {}) {
  guardian = await startFakeGuardian(handler);
  const controller = new AbortController();
  const r: Run = { requests: [], states: [], delays: [], warnings: [] };
  const check = () => done(r) && controller.abort();
  const clock = fixedClock(NOW_MS);
  const closed = await openStream(account(`${guardian.origin}appliance-mfa/`), {
    keyStore,
    signal: controller.signal,
    onRequest: (request) => (r.requests.push(request), check()),
    onState: (state) => (r.states.push(state), check()),
    onWarning: (message) => (r.warnings.push(message), check()),
    clock,
    random: () => 1,
    sleep: async (ms) => void (r.delays.push(ms), check()),
    idleTimeoutMs: 0,
    ...extra,
  });
  return { ...r, closed, clock, server: guardian };
}

const A = pushData('txtkn-A');
const B = pushData('txtkn-B');

describe('openStream', () => {
  it('connects with a device JWT, reconnects after a drop and delivers re-sent challenges once', async () => {
    const { requests, states, delays, closed, server } = await run(
      (_req, res, index) => {
        openEventStream(res);
        if (index === 0) writeThenDrop(res, `: heartbeat\n\n${sseEvent('tx_A', A)}`);
        else res.write(`${sseEvent('tx_A', A)}: heartbeat\n\n${sseEvent('tx_B', B)}`);
      },
      (r) => r.requests.length === 2,
    );
    expect(requests).toEqual([
      { transactionId: 'tx_A', notification: A },
      { transactionId: 'tx_B', notification: B },
    ]);
    expect(closed).toEqual({ status: 'closed', reason: 'aborted' });
    expect(delays).toEqual([1000]);
    expect(states.map((s) => s.status)).toEqual(['connecting', 'open', 'retrying', 'connecting', 'open', 'closed']);
    expect(states[2]).toMatchObject({ attempt: 1, delayMs: 1000, reason: expect.stringMatching(/^connection lost: /) });

    const [first, second] = server.requests;
    expect(first).toMatchObject({ method: 'GET', url: `/appliance-mfa/api/device-accounts/${ENROLLMENT_ID}/events` });
    expect(first!.headers).toMatchObject({ accept: 'text/event-stream' });
    expect(first!.headers['last-event-id']).toBeUndefined();
    expect(second!.headers['last-event-id']).toBe('tx_A');
    expect(second!.headers.authorization).toBe(first!.headers.authorization);
    const token = String(first!.headers.authorization).replace(/^Bearer /, '');
    const { payload } = await jwtVerify(token, await importJWK(publicJwk, 'RS256'), { currentDate: new Date(NOW_MS) });
    expect(payload).toEqual({
      iss: ENROLLMENT_ID, sub: USER_ID, aud: `${server.origin}appliance-mfa/api/device-accounts`, iat: NOW_S, exp: NOW_S + 7200,
    });
  });

  it('backs off exponentially up to the cap and resets after a healthy connection', async () => {
    let clock: ReturnType<typeof fixedClock> | undefined;
    const { delays } = await run(
      (_req, res, index) => {
        if (index !== 4) return void res.writeHead(503).end();
        openEventStream(res);
        setTimeout(() => res.end(), 20);
      },
      (r) => r.delays.length === 6,
      {
        backoff: { initialMs: 1000, maxMs: 4000, healthyAfterMs: 30_000 },
        // The fifth connection stays up for 30 s of (fake) time.
        onState: (state) => state.status === 'open' && clock!.advance(30_000),
        clock: (clock = fixedClock(NOW_MS)),
      },
    );
    expect(delays).toEqual([1000, 2000, 4000, 4000, 1000, 2000]);
  });

  it('spreads delays with jitter between half and all of the ceiling', async () => {
    const { delays } = await run((_req, res) => void res.writeHead(503).end(), (r) => r.delays.length === 3, { random: () => 0 });
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it.each([
    ['retry: 5000', 5000],
    ['retry: 10', 250],
  ])('takes the reconnection time from "%s"', async (field, expected) => {
    const { delays } = await run(
      (_req, res) => (openEventStream(res), res.end(`${field}\n\n`)),
      (r) => r.delays.length === 1,
    );
    expect(delays).toEqual([expected]);
  });

  it('honours Retry-After on 503 and 429', async () => {
    const { delays } = await run(
      (_req, res, index) => void res.writeHead(index === 0 ? 503 : 429, { 'retry-after': '7' }).end(),
      (r) => r.delays.length === 2,
    );
    expect(delays).toEqual([7000, 7000]);
  });

  it.each([
    [401, 'invalid_token', 'Invalid token'],
    [403, 'insufficient_scope', 'Forbidden'],
    [404, 'device_account_not_found', 'No such device account'],
  ])('stops on %i without retrying and reports the error', async (status, errorCode, message) => {
    const body = { statusCode: status, error: 'x', message, errorCode };
    const { closed, delays, states, server } = await run((_req, res) => sendJson(res, status, body), () => false);
    expect(closed).toMatchObject({ status: 'closed', reason: 'rejected', error: { status, errorCode, body } });
    expect(delays).toEqual([]);
    expect(states.at(-1)).toBe(closed);
    expect(server.requests).toHaveLength(1);
  });

  it('retries when the answer is not an event stream', async () => {
    const { states } = await run(
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
      (r) => r.delays.length === 1,
    );
    expect(states).toContainEqual({ status: 'retrying', attempt: 1, delayMs: 1000, reason: 'expected text/event-stream, got text/html' });
  });

  it('retries when the connection fails before any answer', async () => {
    const { states } = await run(
      (_req, res) => void res.destroy(),
      (r) => r.delays.length === 1,
    );
    expect(states[1]).toMatchObject({ status: 'retrying', reason: expect.stringMatching(/^cannot connect: /) });
  });

  it('skips malformed, foreign and unknown events and keeps going', async () => {
    const { requests, warnings } = await run(
      (_req, res) => {
        openEventStream(res);
        res.write('event: push\ndata: not json\n\n');
        res.write(sseEvent('tx_X', { ...A, dai: 'dev_someone_else' }));
        res.write(sseEvent('tx_Y', { ...A, tessera: { ...A.tessera, number_choices: ['1', '2'] } }));
        res.write(sseEvent('tx_Z', { ...A, txtkn: undefined }));
        res.write(sseEvent('tx_R', { txtkn: 'txtkn-A' }, 'tessera-news'));
        res.write(`id: tx_B\ndata: ${JSON.stringify(B)}\n\n`);
      },
      (r) => r.requests.length === 1,
    );
    expect(requests).toEqual([{ transactionId: 'tx_B', notification: B }]);
    expect(warnings).toEqual([
      'push event data is not JSON',
      'skipped a push for another device account (dev_someone_else)',
      'push event number_choices must be 2-digit strings',
      'push event has no txtkn',
    ]);
  });

  it("hands on Tessera's resolved events for this device account, skipping foreign and malformed ones", async () => {
    const resolutions: unknown[] = [];
    const resolved = (data: unknown) => `event: resolved\ndata: ${JSON.stringify(data)}\n\n`;
    const { requests, warnings } = await run(
      (_req, res) => {
        openEventStream(res);
        res.write(sseEvent('tx_A', A));
        res.write(resolved({ dai: 'dev_someone_else', c: 'challenge-txtkn-A', status: 'accepted' }));
        res.write(resolved({ dai: ENROLLMENT_ID, c: 'challenge-txtkn-A', status: 'maybe' }));
        res.write('event: resolved\ndata: {\n\n');
        res.write(resolved({ dai: ENROLLMENT_ID, c: 'challenge-txtkn-A', status: 'rejected' }));
        res.write(sseEvent('tx_B', B));
      },
      (r) => r.requests.length === 2,
      { onResolved: (resolution) => resolutions.push(resolution) },
    );
    expect(requests.map((request) => request.transactionId)).toEqual(['tx_A', 'tx_B']);
    expect(resolutions).toEqual([{ enrollmentId: ENROLLMENT_ID, transactionId: 'challenge-txtkn-A', status: 'rejected' }]);
    expect(warnings).toEqual(['resolved event has no valid status', 'resolved event data is not a JSON object']);
  });

  it('decodes UTF-8 split across network chunks', async () => {
    const named = pushData('txtkn-U', { tessera: { ...A.tessera, client_name: 'Zoë’s café ☕' } });
    const bytes = Buffer.from(sseEvent('tx_U', named));
    const cut = bytes.indexOf(Buffer.from('☕')) + 1;
    const { requests } = await run(
      (_req, res) => {
        openEventStream(res);
        res.write(bytes.subarray(0, cut), () => setTimeout(() => res.write(bytes.subarray(cut)), 20));
      },
      (r) => r.requests.length === 1,
    );
    expect(requests[0]!.notification.tessera.client_name).toBe('Zoë’s café ☕');
  });

  it('reconnects when not even a heartbeat arrives within the idle timeout', async () => {
    const { states } = await run((_req, res) => openEventStream(res), (r) => r.delays.length === 1, { idleTimeoutMs: 100 });
    expect(states[2]).toEqual({ status: 'retrying', attempt: 1, delayMs: 1000, reason: 'no data for 100 ms' });
  });

  it('closes the connection when aborted', async () => {
    let serverSawClose: Promise<void> | undefined;
    const { closed } = await run(
      (_req, res) => {
        serverSawClose = new Promise((resolve) => res.on('close', resolve));
        openEventStream(res);
      },
      (r) => r.states.at(-1)?.status === 'open',
    );
    expect(closed).toEqual({ status: 'closed', reason: 'aborted' });
    await serverSawClose;
  });

  it('stops without connecting when aborted while the device token is being signed (an app quit right after enrolling)', async () => {
    guardian = await startFakeGuardian((_req, res) => openEventStream(res));
    const controller = new AbortController();
    const abortingKeys: KeyStore = { ...keyStore, load: async (id) => (controller.abort(), keyStore.load(id)) };
    const states: StreamState[] = [];
    const closed = openStream(account(`${guardian.origin}appliance-mfa/`), {
      keyStore: abortingKeys,
      signal: controller.signal,
      onRequest: () => undefined,
      onState: (state) => void states.push(state),
      clock: fixedClock(NOW_MS),
      idleTimeoutMs: 0,
    });
    await expect(closed).resolves.toEqual({ status: 'closed', reason: 'aborted' });
    expect(states).toEqual([{ status: 'connecting', attempt: 0 }, { status: 'closed', reason: 'aborted' }]);
    expect(guardian.requests).toEqual([]);
  });
});
