import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { startLogReceiver, type LogReceiver } from '../../../helpers/log-receiver.js';
import { pollUntil } from '../../../helpers/manual-timers.js';
import { ADMIN, createUser, json, mgmt } from '../../../helpers/server.js';
import { connectedService, filesContaining, startTessera, type ConsoleUnderTest, type ListeningTessera } from './admin-fixture';

let tessera: ListeningTessera;
let console: ConsoleUnderTest;
let receiver: LogReceiver;
beforeAll(async () => {
  tessera = await startTessera();
  receiver = await startLogReceiver();
  // The server's clock stands still (2026-11-23): the console's "last 24 hours" is counted on it.
  console = await connectedService(tessera.baseUrl, { clock: tessera.clock });
});
afterAll(async () => {
  await console.close();
  await receiver.close();
  await tessera.close();
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const AUTHORIZATION = 'Bearer console-typed-secret';

describe('log streams', () => {
  it('creates a stream that delivers with the typed authorization, lists, pauses, resumes and deletes it, never returning the header', async () => {
    const created = await console.service.createLogStream({ name: 'SIEM', endpoint: receiver.url, authorization: AUTHORIZATION, format: 'JSONARRAY' });
    const expected = { id: expect.stringMatching(/^lst_/), name: 'SIEM', status: 'active', endpoint: receiver.url, format: 'JSONARRAY', contentType: 'application/json' };
    expect(created).toEqual(expected);
    await receiver.until(() => receiver.requests.length >= 1);
    expect(receiver.requests[0]?.headers.authorization).toBe(AUTHORIZATION);

    expect(await console.service.logStreams()).toEqual([expected]);
    expect(JSON.stringify(await console.service.logStreams())).not.toContain('console-typed-secret');
    expect(await console.service.updateLogStream(created.id, { status: 'paused' })).toEqual({ ...expected, status: 'paused' });
    const server = json(await mgmt(tessera.app, 'GET', `/api/v2/log-streams/${created.id}`)) as { status: string };
    expect(server.status).toBe('paused');
    expect(await console.service.updateLogStream(created.id, { status: 'active', format: 'JSONLINES' })).toEqual({ ...expected, format: 'JSONLINES' });
    expect(filesContaining(console.dataDir, 'console-typed-secret')).toEqual([]);

    await console.service.deleteLogStream(created.id);
    expect(await console.service.logStreams()).toEqual([]);
    expect(await failure(console.service.deleteLogStream(created.id))).toEqual(new AdminError('not_found', 'The log stream does not exist.'));
  });

  it('sends a test event through the SDK passthrough, and shows the server’s last delivery error', async () => {
    const failing = await startLogReceiver();
    try {
      failing.answer(500);
      const created = await console.service.createLogStream({ name: 'Flaky', endpoint: failing.url, format: 'JSONOBJECT' });
      expect(await console.service.testLogStream(created.id)).toEqual({ delivered: false, message: 'HTTP 500 from the endpoint' });
      const at = new Date(tessera.clock.now()).toISOString();
      // The test event leaves the stream's state alone; its own delivery (the creation event) sets the last error.
      await pollUntil(async () => ((await tessera.app.tessera.store.logStreams.find(created.id))?.lastError ?? null) !== null, 'the failed delivery to be recorded');
      expect(await console.service.logStreams()).toEqual([
        { id: created.id, name: 'Flaky', status: 'active', endpoint: failing.url, format: 'JSONOBJECT', contentType: 'application/json', lastError: { at, message: 'HTTP 500 from the endpoint' } },
      ]);
      failing.answer(200);
      expect(await console.service.testLogStream(created.id)).toEqual({ delivered: true });
      expect(failing.requests.some((r) => r.status === 200 && r.body.includes('"tessera_log_stream_test"'))).toBe(true);
      await console.service.deleteLogStream(created.id);
      expect(await failure(console.service.testLogStream(created.id))).toEqual(new AdminError('not_found', 'The log stream does not exist.'));
    } finally {
      await failing.close();
    }
  });

  it('says what to fix before asking the server, and passes on the server’s refusals', async () => {
    const base = { name: 'SIEM', endpoint: receiver.url, format: 'JSONLINES' } as const;
    expect(await failure(console.service.createLogStream({ ...base, endpoint: 'ftp://example.com/' }))).toEqual(new AdminError('invalid_input', 'Enter the receiver as an http:// or https:// URL'));
    expect(await failure(console.service.createLogStream({ ...base, endpoint: 'https://u:p@example.com/' }))).toEqual(new AdminError('invalid_input', 'Put credentials in Authorization, not in the URL'));
    expect(await failure(console.service.createLogStream({ ...base, name: ' ' }))).toEqual(new AdminError('invalid_input', 'Name the stream (up to 128 characters)'));
    expect(await failure(console.service.createLogStream({ ...base, authorization: 'Bearer x\r\nX-Evil: 1' }))).toEqual(
      new AdminError('invalid_input', 'The authorization header takes printable ASCII only, up to 4096 characters'),
    );
    expect(await failure(console.service.createLogStream({ ...base, format: 'XML' as never }))).toEqual(new AdminError('invalid_input', 'Choose JSON array, JSON lines or JSON object'));
    expect(await failure(console.service.updateLogStream('lst_x', {}))).toEqual(new AdminError('invalid_input', 'Nothing to change'));
    expect(await failure(console.service.updateLogStream('lst_x', { status: 'suspended' as never }))).toEqual(new AdminError('invalid_input', 'A stream is resumed (active) or paused'));
    expect(await failure(console.service.updateLogStream('lst_missing', { status: 'paused' }))).toEqual(new AdminError('not_found', 'The log stream does not exist.'));
    expect(await console.service.logStreams()).toEqual([]);
  });
});

describe('recent alerts', () => {
  it('is empty until ten MFA resets by one client, then names the client, the count and the window', async () => {
    expect(await console.service.recentAlerts()).toEqual([]);
    for (let i = 0; i < 10; i++) {
      const user = await createUser(tessera.app, `reset${i}@example.com`);
      const methods = `/api/v2/users/${encodeURIComponent(user.user_id)}/authentication-methods`;
      // A reset counts when it removes something (server/routes/management/user-mfa.ts).
      expect((await mgmt(tessera.app, 'POST', methods, { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' })).statusCode).toBe(201);
      expect((await mgmt(tessera.app, 'DELETE', `/api/v2/users/${encodeURIComponent(user.user_id)}/authenticators`)).statusCode).toBe(204);
    }
    const alerts = await console.service.recentAlerts();
    expect(alerts).toEqual([
      {
        logId: expect.any(String),
        date: expect.any(String),
        type: 'mass_mfa_reset',
        count: 10,
        windowSeconds: 600,
        userId: null,
        userName: null,
        clientId: ADMIN.clientId,
        clientName: expect.any(String),
        pushLocked: false,
      },
    ]);
  });

  it('leaves out alerts older than 24 hours', async () => {
    expect(await console.service.recentAlerts()).toHaveLength(1);
    const later = await connectedService(tessera.baseUrl, { clock: { now: () => tessera.clock.now() + 25 * 60 * 60 * 1000 } });
    try {
      expect(await later.service.recentAlerts()).toEqual([]);
    } finally {
      await later.close();
    }
  });
});
