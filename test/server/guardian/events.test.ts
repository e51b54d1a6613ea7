import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollPushUser, listen, pushTenant, startPushLogin, startPushTessera, type PushTessera } from '../../helpers/push.js';

/**
 * Limits shorter than the wait below: a stream that obeyed them would be cut before it ends. The idle
 * limit stays long enough for the setup's own slow requests (password hashing) on a busy machine.
 */
const SHORT_LIMITS = { requestTimeoutMs: 200, headersTimeoutMs: 200, idleTimeoutMs: 4_000 };
const WAIT_PAST_LIMITS_MS = 8_000;

describe('device event stream under the HTTP limits', () => {
  let server: PushTessera | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('stays open past the request and idle timeouts, and still delivers a login', async () => {
    server = await startPushTessera({ http: SHORT_LIMITS });
    const { client, user } = await pushTenant(server);
    const { device } = await enrollPushUser(server, client, user.email);
    const stream = listen(server, device);
    await stream.opened();
    await sleep(WAIT_PAST_LIMITS_MS);
    await startPushLogin(server, client, user.email);
    expect((await stream.next()).transactionId).not.toBe('');
    // One connection all along: the stream was never cut and reopened.
    expect(stream.states.filter((state) => state.status === 'open' || state.status === 'connecting').length).toBe(2);
  }, 60_000);
});
