import { randomHex } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { LogStream } from '../store/log-streams.js';
import { deliver } from './log-stream-delivery.js';
import { encodeEvents } from './log-stream-payload.js';

export const TEST_EVENT_TYPE = 'tessera_log_stream_test';

/**
 * Sends one synthetic event, shaped like the others (`{ log_id, data }`), to the stream's endpoint with
 * its headers and format, and waits for the answer. It is not an audit event: the cursor, the failure
 * run and the last error stay as they are, so a test never hides (or causes) a real delivery's state.
 */
export type TestDelivery = { delivered: true } | { delivered: false; message: string };

export async function sendTestEvent(t: Tessera, fetcher: typeof fetch, stream: LogStream, signal: AbortSignal): Promise<TestDelivery> {
  const now = t.clock.now();
  const logId = `${String(now).padStart(15, '0')}${randomHex(t.random, 8)}`;
  const data = {
    log_id: logId,
    date: new Date(now).toISOString(),
    type: TEST_EVENT_TYPE,
    description: 'Test event sent from Tessera to check this log stream; not an audit event.',
    details: { log_stream_id: stream.id },
  };
  const failure = await deliver(t, fetcher, stream, encodeEvents(stream.sink.httpContentFormat, [{ log_id: logId, data }]), signal);
  return failure === null ? { delivered: true } : { delivered: false, message: failure };
}
