import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientCredentials, createMachineClient } from '../../helpers/management.js';
import { ADMIN, buildTestServer, createUser, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const WINDOW_S = 600;
/** Races are 50 parallel requests, as in test/server/concurrency.test.ts. */
const RACE = 50;

describe('mass_mfa_reset: MFA resets and enrollment deletions over the threshold within the window', () => {
  let server: TestServer;
  let admin: string;
  beforeEach(async () => {
    server = await buildTestServer();
    admin = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const call = async (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', path: string, body?: unknown, token = admin) => {
    const response = await mgmt(server.app, method, path, body, token);
    return { status: response.statusCode, body: response.body === '' ? undefined : json(response) };
  };
  const setThreshold = async (threshold: number) => expect((await call('PATCH', '/api/v2/guardian/alerts', { mass_reset: { threshold } })).status).toBe(200);
  const alerts = async () =>
    (await server.app.tessera.store.logs.all()).filter((row) => row.type === 'mass_mfa_reset').map((row) => ({ client_id: row.client_id, description: row.description, details: row.details }));

  /** A user with one confirmed OTP method: its authentication-method id and its Guardian enrollment id. */
  const enrolledUsers = async (n: number, offset = 0) =>
    Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const { user_id } = await createUser(server.app, `u${offset + i}@example.com`);
        const path = `/api/v2/users/${encodeURIComponent(user_id)}`;
        const method = await call('POST', `${path}/authentication-methods`, { type: 'totp', totp_secret: 'JBSWY3DPEHPK3PXP' });
        const enrollment = (await call('GET', `${path}/enrollments`)).body as { id: string }[];
        return { user_id, path, method: (method.body as { id: string }).id, enrollment: enrollment[0]!.id };
      }),
    );
  type Enrolled = Awaited<ReturnType<typeof enrolledUsers>>[number];

  const ACTIONS: [string, (user: Enrolled) => string][] = [
    ['DELETE /users/{id}/authenticators (reset all)', (user) => `${user.path}/authenticators`],
    ['DELETE /users/{id}/authentication-methods (delete all)', (user) => `${user.path}/authentication-methods`],
    ['DELETE /users/{id}/authentication-methods/{method}', (user) => `${user.path}/authentication-methods/${encodeURIComponent(user.method)}`],
    ['DELETE /guardian/enrollments/{id}', (user) => `/api/v2/guardian/enrollments/${user.enrollment}`],
    ['DELETE /users/{id}/enrollments/{id}', (user) => `${user.path}/enrollments/${user.enrollment}`],
  ];
  it.each(ACTIONS)('%s counts: fires at the threshold, not before, once per window', async (_name, pathOf) => {
    await setThreshold(3);
    const users = await enrolledUsers(4);
    const remove = async (user: Enrolled) => expect((await call('DELETE', pathOf(user))).status).toBe(204);
    await remove(users[0]!);
    await remove(users[1]!);
    expect((await alerts())).toEqual([]);
    await remove(users[2]!);
    const ids = users.slice(0, 3).map((user) => user.user_id);
    expect((await alerts())).toEqual([
      {
        client_id: ADMIN.clientId,
        description: `3 MFA resets or enrollment deletions within ${WINDOW_S} seconds by one client`,
        details: { scope: 'client', client_id: ADMIN.clientId, count: 3, window_s: WINDOW_S, threshold: 3, user_ids: ids },
      },
    ]);
    await remove(users[3]!);
    expect((await alerts())).toHaveLength(1);
  });

  it('a new window counts afresh and fires again', async () => {
    await setThreshold(2);
    const [a, b, c, d] = await enrolledUsers(4);
    await call('DELETE', `${a!.path}/authenticators`);
    await call('DELETE', `${b!.path}/authenticators`);
    expect((await alerts())).toHaveLength(1);
    server.clock.advance(WINDOW_S * 1000);
    await call('DELETE', `${c!.path}/authenticators`);
    expect((await alerts())).toHaveLength(1);
    await call('DELETE', `${d!.path}/authenticators`);
    expect((await alerts()).map((alert) => alert.details)).toEqual([
      { scope: 'client', client_id: ADMIN.clientId, count: 2, window_s: WINDOW_S, threshold: 2, user_ids: [a!.user_id, b!.user_id] },
      { scope: 'client', client_id: ADMIN.clientId, count: 2, window_s: WINDOW_S, threshold: 2, user_ids: [c!.user_id, d!.user_id] },
    ]);
  });

  it('counts per Management client and across the tenant: either crossing fires, and says which', async () => {
    await setThreshold(3);
    const machine = await createMachineClient(server.app, ['delete:guardian_enrollments'], 'Help desk');
    const machineToken = (json(await clientCredentials(server.app, machine)) as { access_token: string }).access_token;
    const [a, b, c, d, e] = await enrolledUsers(5);
    await call('DELETE', `${a!.path}/authenticators`);
    await call('DELETE', `${b!.path}/authenticators`);
    expect((await alerts())).toEqual([]);
    expect((await call('DELETE', `${c!.path}/authenticators`, undefined, machineToken)).status).toBe(204);
    expect((await alerts())).toEqual([
      {
        client_id: machine.client_id,
        description: `3 MFA resets or enrollment deletions within ${WINDOW_S} seconds across the tenant`,
        details: { scope: 'tenant', client_id: machine.client_id, count: 3, window_s: WINDOW_S, threshold: 3, user_ids: [a!.user_id, b!.user_id, c!.user_id] },
      },
    ]);
    await call('DELETE', `/api/v2/guardian/enrollments/${d!.enrollment}`, undefined, machineToken);
    expect((await alerts())).toHaveLength(1);
    await call('DELETE', `/api/v2/guardian/enrollments/${e!.enrollment}`, undefined, machineToken);
    expect((await alerts())[1]).toEqual({
      client_id: machine.client_id,
      description: `3 MFA resets or enrollment deletions within ${WINDOW_S} seconds by one client`,
      details: { scope: 'client', client_id: machine.client_id, count: 3, window_s: WINDOW_S, threshold: 3, user_ids: [c!.user_id, d!.user_id, e!.user_id] },
    });
  });

  it('a bulk-reset job counts as one mass reset of its size; a dry run counts nothing', async () => {
    await setThreshold(3);
    const ids = (await enrolledUsers(3)).map((user) => user.user_id);
    expect((await call('POST', '/api/v2/jobs/mfa-reset', { user_ids: ids, dry_run: true })).status).toBe(201);
    expect((await alerts())).toEqual([]);
    const job = await call('POST', '/api/v2/jobs/mfa-reset', { user_ids: ids });
    expect(job.status).toBe(201);
    const jobId = (job.body as { id: string }).id;
    expect((await alerts()).map((alert) => alert.details)).toEqual([{ scope: 'client', client_id: ADMIN.clientId, count: 3, window_s: WINDOW_S, threshold: 3, user_ids: ids, job_id: jobId }]);
  });

  it('a job below the threshold adds its size to the window', async () => {
    await setThreshold(3);
    const [a, b, c] = await enrolledUsers(3);
    expect((await call('POST', '/api/v2/jobs/mfa-reset', { user_ids: [a!.user_id, b!.user_id] })).status).toBe(201);
    expect((await alerts())).toEqual([]);
    await call('DELETE', `${c!.path}/authenticators`);
    expect((await alerts()).map((alert) => (alert.details as { count: number }).count)).toEqual([3]);
  });

  it.each(ACTIONS.slice(0, 2))('50 parallel %s of one user: all 204, counted once', async (_name, pathOf) => {
    await setThreshold(2);
    const [a, b] = await enrolledUsers(2);
    const responses = await Promise.all(Array.from({ length: RACE }, () => call('DELETE', pathOf(a!))));
    expect(responses).toEqual(Array.from({ length: RACE }, () => ({ status: 204, body: undefined })));
    expect((await call('GET', `${a!.path}/authentication-methods`)).body).toEqual([]);
    expect((await alerts())).toEqual([]);
    expect((await call('DELETE', pathOf(b!))).status).toBe(204);
    expect((await alerts()).map((alert) => alert.details)).toEqual([
      { scope: 'client', client_id: ADMIN.clientId, count: 2, window_s: WINDOW_S, threshold: 2, user_ids: [a!.user_id, b!.user_id] },
    ]);
  });

  it.each(ACTIONS.slice(0, 2))('%s of a user with nothing enrolled answers 204 and counts nothing', async (_name, pathOf) => {
    await setThreshold(2);
    const [a, b] = await enrolledUsers(2);
    expect((await call('DELETE', pathOf(a!))).status).toBe(204);
    expect((await call('DELETE', pathOf(a!))).status).toBe(204);
    expect((await alerts())).toEqual([]);
    expect((await call('DELETE', pathOf(b!))).status).toBe(204);
    expect((await alerts()).map((alert) => (alert.details as { user_ids: string[] }).user_ids)).toEqual([[a!.user_id, b!.user_id]]);
  });

  it('of 50 parallel resets over a threshold of 10, exactly one records the alert', async () => {
    await setThreshold(10);
    const all = await enrolledUsers(50);
    await Promise.all(all.map((user) => call('DELETE', `${user.path}/authenticators`)));
    expect((await alerts()).map((alert) => (alert.details as { count: number; user_ids: string[] }))).toEqual([
      expect.objectContaining({ scope: 'client', count: 10, threshold: 10 }),
    ]);
    expect(((await alerts())[0]!.details as { user_ids: string[] }).user_ids).toHaveLength(10);
  });
});
