import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_STREAM_LIST_FRESH_MS } from '../../../server/services/log-stream-worker.js';
import { startLogReceiver, type LogReceiver } from '../../helpers/log-receiver.js';
import { eventLoopTurns, manualTimers, pollUntil, type ManualTimers } from '../../helpers/manual-timers.js';
import { expectOk, startPushTessera, type PushTessera } from '../../helpers/push.js';

/**
 * The log-stream worker's list of active streams (server/services/log-stream-worker.ts): every committed
 * audit row wakes the worker, which read the whole list each time (a statement per login or verify, a round
 * trip on PostgreSQL). It now trusts a list for LOG_STREAM_LIST_FRESH_MS, takes this instance's own edits at
 * once, and reads once more at the end of a window a wake came in, for streams another instance created.
 * The window's timers are manual here: it ends when a test says so. Runs on both engines.
 */

let server: PushTessera;
let receiver: LogReceiver;
let listTimers: ManualTimers;
/** Reads of the stream list the worker made; reads of one stream by id, counted as they return; ids read back paused. */
let listReads: number;
let findsOf: Map<string, number>;
let foundPaused: Set<string>;
/** A read of this stream that finds it paused waits for `until` before it returns. */
let holdPausedRead: { id: string; reached: () => void; until: Promise<void> } | undefined;

beforeEach(async () => {
  listTimers = manualTimers();
  receiver = await startLogReceiver();
  [listReads, findsOf, foundPaused, holdPausedRead] = [0, new Map(), new Set(), undefined];
  server = await startPushTessera({ logStreamIo: { listTimers } });
  const streams = server.app.tessera.store.logStreams;
  server.app.tessera.store.logStreams = {
    ...streams,
    all() {
      listReads += 1;
      return streams.all();
    },
    async find(id) {
      const stream = await streams.find(id);
      findsOf.set(id, (findsOf.get(id) ?? 0) + 1);
      if (stream?.status === 'paused') foundPaused.add(id);
      const hold = holdPausedRead;
      if (hold?.id === id && stream?.status === 'paused') {
        holdPausedRead = undefined;
        hold.reached();
        await hold.until;
      }
      return stream;
    },
  };
  // The start-up read opens the first window once it returns (a round trip on PostgreSQL).
  await pollUntil(() => listTimers.pending() === 1, 'the start-up read of the list');
  listReads = 0;
});
afterEach(async () => {
  await server.close();
  await receiver.close();
});

/** An audited write that costs nothing: a tenant setting (a `gd_tenant_update` row), which wakes the worker after its commit. */
const touch = async (threshold: number) => expectOk(await server.management('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold } }));
const lastLog = async () => (await server.app.tessera.store.logs.all()).at(-1)!;
const endpoint = (name: string) => new URL(`/${name}`, receiver.url).href;
/** A JSONARRAY stream created through this instance's Management API, posting to the receiver's `/name`. */
const createStream = async (name: string) =>
  expectOk(await server.management<{ id: string }>('POST', '/api/v2/log-streams', { name, type: 'http', sink: { httpEndpoint: endpoint(name), httpContentFormat: 'JSONARRAY' } })).id;
/** What the stream named `name` received, in order. */
const received = (name: string) => receiver.accepted('JSONARRAY', `/${name}`);
/** Waits until the stream named `name` has received the event `logId`. */
const deliveredTo = (name: string, logId: string, what: string) => receiver.until(() => received(name).some((event) => event.log_id === logId), 15_000, what);

describe('the log-stream worker’s list of streams', () => {
  it(`reads the list once per ${LOG_STREAM_LIST_FRESH_MS} ms window, again at its end only when a wake came in it`, async () => {
    // The start-up read opened a window.
    expect(listTimers.delays).toEqual([LOG_STREAM_LIST_FRESH_MS]);
    for (let i = 1; i <= 3; i++) await touch(i);
    await eventLoopTurns();
    expect(listReads).toBe(0);

    listTimers.fire();
    await pollUntil(() => listTimers.pending() === 1, 'the read at the end of the window');
    expect(listReads).toBe(1);

    // A window nobody woke the worker in ends without a read; the next wake reads.
    listTimers.fire();
    await eventLoopTurns();
    expect([listReads, listTimers.pending()]).toEqual([1, 0]);
    await touch(4);
    await pollUntil(() => listTimers.pending() === 1, 'the read of the next wake');
    expect(listReads).toBe(2);
  });

  it('delivers to a stream created through this instance at once, inside the window', async () => {
    const id = await createStream('here');
    await touch(7);
    const last = await lastLog();
    await deliveredTo('here', last.log_id, 'delivery to the new stream');
    expect(received('here').map((event) => event.data.type)).toEqual(['sapi', 'gd_tenant_update']);
    expect(listTimers.pending()).toBe(1);
    expect(findsOf.get(id)).toBeGreaterThan(0);
    expect(listReads).toBe(0);
  });

  it('delivers to a stream another instance created (written straight to the database) once the window ends', async () => {
    const t = server.app.tessera;
    const cursorSeq = await t.store.logStreams.lastLogSeq();
    await t.store.logStreams.insert({
      id: 'lst_0000000000000000other', name: 'there', type: 'http', status: 'active', sink: { httpEndpoint: endpoint('there'), httpContentType: 'application/json', httpContentFormat: 'JSONARRAY', httpCustomHeaders: [] }, filters: [],
      authorizationEnc: null, cursorSeq, failingSince: null, createdAt: t.clock.now(),
    });
    // The first Management call also logs the admin's token exchange: both are after the cursor.
    await touch(8);
    const last = await lastLog();
    const sent = (await t.store.logs.all()).filter((row) => row.seq > cursorSeq).map((row) => row.log_id);
    expect(sent).toHaveLength(2);
    await eventLoopTurns();
    // The wake pumped the streams it knew: not this one, which it has not read yet.
    expect([listReads, findsOf.get('lst_0000000000000000other')]).toEqual([0, undefined]);

    listTimers.fire();
    await deliveredTo('there', last.log_id, 'delivery once the list is read');
    expect(received('there').map((event) => event.log_id)).toEqual(sent);
    expect(listReads).toBe(1);
  });

  it('drops a stream it finds paused, and sends it what was written meanwhile once this instance resumes it', async () => {
    const id = await createStream('paused');
    const created = await lastLog();
    await deliveredTo('paused', created.log_id, 'the creation event');
    expectOk(await server.management('PATCH', `/api/v2/log-streams/${id}`, { status: 'paused' }));
    // The pause's own event wakes the worker, whose pass over the stream finds it paused.
    await pollUntil(() => foundPaused.has(id), 'a pass over the paused stream');
    await touch(9);
    await touch(10);

    expectOk(await server.management('PATCH', `/api/v2/log-streams/${id}`, { status: 'active' }));
    const resumed = await lastLog();
    await deliveredTo('paused', resumed.log_id, 'delivery after the resume');
    expect(received('paused').map((event) => event.data.type)).toEqual(['sapi', 'sapi', 'gd_tenant_update', 'gd_tenant_update', 'sapi']);
    expect(listReads).toBe(0);
  });

  it('keeps a stream this instance resumes while a pass that read it paused (another instance paused it) is still out', async () => {
    const t = server.app.tessera;
    const id = await createStream('raced');
    const created = await lastLog();
    await deliveredTo('raced', created.log_id, 'the creation event');
    // Paused by another instance: straight to the database, so this one learns it only from a pass, and the
    // first pass that reads it paused (the creation's may still be running) is held there.
    let reached!: () => void;
    let release!: () => void;
    const heldThere = new Promise<void>((resolve) => (reached = resolve));
    holdPausedRead = { id, reached, until: new Promise<void>((resolve) => (release = resolve)) };
    const stream = (await t.store.logStreams.find(id))!;
    await t.store.logStreams.update({ ...stream, status: 'paused' });
    await touch(11);
    await heldThere;

    // Resumed here while that pass still holds the paused read; then the pass goes on.
    expectOk(await server.management('PATCH', `/api/v2/log-streams/${id}`, { status: 'active' }));
    const resumed = await lastLog();
    release();
    await deliveredTo('raced', resumed.log_id, 'delivery after the resume');
    await pollUntil(async () => (await t.store.logStreams.find(id))?.cursorSeq === resumed.seq, 'the cursor to pass the resume');

    // A later wake still reaches the stream (the list's window never ends here, so only the known list can).
    await touch(12);
    const last = await lastLog();
    await deliveredTo('raced', last.log_id, 'delivery on a later wake');
    expect(received('raced').map((event) => event.data.type)).toEqual(['sapi', 'gd_tenant_update', 'sapi', 'gd_tenant_update']);
    expect(listReads).toBe(0);
  });
});
