import type { FastifyBaseLogger } from 'fastify';
import type { Tessera } from '../context.js';
import type { LogStream } from '../store/log-streams.js';
import { streamWants } from './log-stream-categories.js';
import { deliver } from './log-stream-delivery.js';
import { batchSize, encodeBatch } from './log-stream-payload.js';
import { sendTestEvent, type TestDelivery } from './log-stream-test.js';
import { underLease, type LeaseCoordination } from './leases.js';

/** Timers are a parameter, like the clock, so tests fire retries without waiting for them. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Instances sharing a database deliver a stream's batch under the stream's lease, so an event goes out
 * once (two instances reading one cursor would both send it). Longer than one batch can take (a request
 * times out after 10 s); a crashed holder's stream waits this long at most.
 */
export const LOG_STREAM_LEASE_MS = 60_000;
/** Another instance holds the stream: look again this soon, as its batch may have been read before our events. */
export const LOG_STREAM_BUSY_RETRY_MS = 1_000;

/**
 * How long the worker trusts its list of active streams. Every committed audit row wakes it (a login, a
 * verify), and reading the list each time was a statement per request (a round trip on PostgreSQL), though
 * the list changes only when an admin edits a stream. Within this window a wake pumps the streams it knows;
 * a wake inside the window also asks for one read at its end, so a stream another instance created is
 * delivered from within this long. This instance's own edits reach the list at once (`reset`).
 */
export const LOG_STREAM_LIST_FRESH_MS = 1_000;

/** Retries wait 1 s, 2 s, 4 s… up to 5 minutes between attempts. */
export const LOG_STREAM_BACKOFF = { initialMs: 1_000, maxMs: 5 * 60_000 } as const;

export interface LogStreamIo {
  fetch: typeof fetch;
  /** Retries' waits. */
  timers: Timers;
  /** The stream list's freshness window (LOG_STREAM_LIST_FRESH_MS); apart from `timers`, whose retries tests count. */
  listTimers: Timers;
}

export interface LogStreamWorker {
  /** Audit rows were committed: deliver what is pending to the active streams (never waits; reads the list of streams only when its window is over). */
  kick(): void;
  /** A stream this instance created, edited or resumed: forgets its retry wait and delivers at once. */
  reset(id: string): void;
  /** Sends one test event to the stream now, through the same fetch; its cursor and state are untouched. */
  test(stream: LogStream): Promise<TestDelivery>;
  /** Cancels retries and in-flight requests; resolves when no delivery is running. */
  stop(): Promise<void>;
}

interface StreamState {
  running: Promise<void> | undefined;
  again: boolean;
  retry: unknown;
  attempt: number;
  /** How many times `reset` named the stream: a read from before the latest reset may be older than it. */
  resets: number;
}

/**
 * One per server. Each active stream reads events after its cursor, POSTs them, and moves the cursor
 * only after a 2xx: a crash mid-delivery sends the batch again (at least once, as Auth0 promises).
 * Failures back off exponentially; a stream failing for `suspendAfterMs` is suspended.
 */
export function createLogStreamWorker(t: Tessera, io: LogStreamIo, log: FastifyBaseLogger, suspendAfterMs: number, coordination?: LeaseCoordination): LogStreamWorker {
  const states = new Map<string, StreamState>();
  const abort = new AbortController();
  /** A read of the list is asked for on the next turn (setImmediate). */
  let readQueued = false;
  /** The active streams' ids, while the read that found them is fresh (LOG_STREAM_LIST_FRESH_MS); else undefined. */
  let known: Set<string> | undefined;
  /** Streams `reset` while a read of the list was in flight: that read may have missed them. */
  let resetDuringRead: Set<string> | undefined;
  /** The timer that ends the list's window. */
  let freshUntil: unknown;
  /** A wake came while the list was fresh: read it again when the window ends. */
  let wokenWhileFresh = false;
  const stateOf = (id: string): StreamState => {
    let state = states.get(id);
    if (!state) states.set(id, (state = { running: undefined, again: false, retry: undefined, attempt: 0, resets: 0 }));
    return state;
  };

  function retryIn(id: string, state: StreamState, delay: number): void {
    // stop() has cleared the retries already: none may start after it.
    if (abort.signal.aborted) return;
    state.retry = io.timers.set(() => {
      state.retry = undefined;
      pump(id);
    }, delay);
  }

  /** Delivers the batch after the stream's cursor; 'more' when another may follow at once. */
  async function deliverBatch(id: string, state: StreamState): Promise<'more' | 'done'> {
    // Read under the lease: another instance may have moved the cursor since this one last looked.
    const resets = state.resets;
    const stream = await t.store.logStreams.find(id);
    if (!stream) states.delete(id);
    // Deleted or paused (here or on another instance): no wake pumps it again until it is resumed, unless
    // this instance resumed it while the read was out (the read saw the stream from before the resume).
    if ((!stream || stream.status !== 'active') && state.resets === resets) known?.delete(id);
    if (!stream || stream.status !== 'active' || abort.signal.aborted) return 'done';
    const rows = await t.store.logs.after({}, stream.cursorSeq, batchSize(stream.sink.httpContentFormat));
    const last = rows.at(-1);
    if (!last) return 'done';
    const wanted = rows.filter((row) => streamWants(stream.filters, row.type));
    // Nothing here in the stream's categories: step the cursor over the batch without calling out.
    const failure = wanted.length === 0 ? null : await deliver(t, io.fetch, stream, encodeBatch(stream.sink.httpContentFormat, wanted), abort.signal);
    if (failure === null) {
      state.attempt = 0;
      await t.store.logStreams.advance(id, stream.cursorSeq, last.seq);
      return 'more';
    }
    if (abort.signal.aborted) return 'done';
    const status = await t.store.logStreams.recordFailure(id, t.clock.now(), suspendAfterMs, failure);
    // The stream id only: the endpoint may carry a token in its query, and the error text the receiver's words.
    log.warn({ logStream: id, attempt: state.attempt, status }, 'log stream delivery failed');
    if (status !== 'active') return 'done';
    retryIn(id, state, Math.min(LOG_STREAM_BACKOFF.initialMs * 2 ** state.attempt, LOG_STREAM_BACKOFF.maxMs));
    state.attempt += 1;
    return 'done';
  }

  async function drain(id: string, state: StreamState): Promise<void> {
    while (!abort.signal.aborted) {
      const outcome = await underLease(coordination, `log-stream:${id}`, LOG_STREAM_LEASE_MS, () => deliverBatch(id, state));
      if (outcome === 'busy') return retryIn(id, state, LOG_STREAM_BUSY_RETRY_MS);
      if (outcome === 'done') return;
    }
  }

  function pump(id: string): void {
    const state = stateOf(id);
    if (abort.signal.aborted || state.retry !== undefined) return;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = drain(id, state)
      .catch((error: unknown) => log.error({ logStream: id, err: error }, 'log stream worker failed'))
      .finally(() => {
        state.running = undefined;
        if (state.again) {
          state.again = false;
          pump(id);
        }
      });
  }

  function endOfFreshness(): void {
    freshUntil = undefined;
    if (wokenWhileFresh) readList();
    else known = undefined;
  }

  /** Reads the active streams, pumps each, and trusts the list for LOG_STREAM_LIST_FRESH_MS. */
  function readList(): void {
    // Wakes come in bursts (audit-commit-wake.ts: one per committed transaction or lone audit write): one read per burst.
    if (readQueued || abort.signal.aborted) return;
    readQueued = true;
    setImmediate(() => {
      readQueued = false;
      // Stopped meanwhile: the database may be closed already.
      if (abort.signal.aborted) return;
      wokenWhileFresh = false;
      const resets = (resetDuringRead = new Set());
      t.store.logStreams
        .all()
        .then((streams) => {
          if (resetDuringRead === resets) resetDuringRead = undefined;
          if (abort.signal.aborted) return;
          known = new Set([...streams.filter((stream) => stream.status === 'active').map((stream) => stream.id), ...resets]);
          if (freshUntil !== undefined) io.listTimers.clear(freshUntil);
          freshUntil = io.listTimers.set(endOfFreshness, LOG_STREAM_LIST_FRESH_MS);
          for (const id of known) pump(id);
        })
        .catch((error: unknown) => {
          if (resetDuringRead === resets) resetDuringRead = undefined;
          // The next wake reads again rather than trusting an old list with no window to end it.
          known = undefined;
          log.error({ err: error }, 'log stream worker failed');
        });
    });
  }

  return {
    kick() {
      if (abort.signal.aborted) return;
      if (!known) return readList();
      wokenWhileFresh = true;
      for (const id of known) pump(id);
    },
    reset(id) {
      known?.add(id);
      resetDuringRead?.add(id);
      const state = stateOf(id);
      state.resets += 1;
      if (state.retry !== undefined) io.timers.clear(state.retry);
      state.retry = undefined;
      state.attempt = 0;
      pump(id);
    },
    test: (stream) => sendTestEvent(t, io.fetch, stream, abort.signal),
    async stop() {
      abort.abort();
      if (freshUntil !== undefined) io.listTimers.clear(freshUntil);
      for (const state of states.values()) if (state.retry !== undefined) io.timers.clear(state.retry);
      await Promise.all([...states.values()].map((state) => state.running));
    },
  };
}
