import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHousekeeping, HOUSEKEEPING_INTERVAL_MS } from '../../server/services/housekeeping.js';
import { queryRows } from '../helpers/db.js';
import { createClient, createUser, enableMfa, loginForMfaToken, buildTestServer, type TestServer } from '../helpers/server.js';
import { manualTimers } from '../helpers/manual-timers.js';

const DAY_MS = 24 * 3600 * 1000;
const silentLog = { error: vi.fn() } as unknown as Parameters<typeof createHousekeeping>[2];

let server: TestServer | undefined;
afterEach(() => server?.close());

describe('housekeeping', () => {
  it('deletes MFA transactions a day past their expiry at start-up, and never as part of a login', async () => {
    server = await buildTestServer();
    await enableMfa(server.app);
    const client = await createClient(server.app);
    await createUser(server.app);
    await loginForMfaToken(server.app, client);
    server.clock.advance(2 * DAY_MS);
    // A login two days later leaves the old transaction alone: purging is not the request's work.
    await loginForMfaToken(server.app, client);
    expect(await queryRows(server, 'SELECT COUNT(*) AS n FROM mfa_transactions')).toEqual([{ n: 2 }]);

    const { dbPath, dataKey, clock } = server;
    await server.close({ keepFiles: true });
    server = await buildTestServer({ dbPath, dataKey, clock });
    await expect.poll(() => queryRows(server!, 'SELECT COUNT(*) AS n FROM mfa_transactions')).toEqual([{ n: 1 }]);
  });

  it('runs every task at start, then hourly; a failing task is logged and the others still run', async () => {
    const timers = manualTimers();
    const ran: string[] = [];
    const chores = createHousekeeping([
      { name: 'broken', run: async () => { ran.push('broken'); throw new Error('disk full'); } },
      { name: 'fine', run: async () => { ran.push('fine'); return 3; } },
    ], timers, silentLog);
    chores.start();
    await vi.waitFor(() => expect(ran).toEqual(['broken', 'fine']));
    expect(silentLog.error).toHaveBeenCalledWith(expect.objectContaining({ task: 'broken' }), 'housekeeping task failed');
    await vi.waitFor(() => expect(timers.pending()).toBe(1));
    expect(timers.delays).toEqual([HOUSEKEEPING_INTERVAL_MS]);
    timers.fire();
    await vi.waitFor(() => expect(ran).toEqual(['broken', 'fine', 'broken', 'fine']));
    await vi.waitFor(() => expect(timers.pending()).toBe(1));
    chores.stop();
    expect(timers.pending()).toBe(0);
    expect(chores.stopped).toBe(true);
  });
});
