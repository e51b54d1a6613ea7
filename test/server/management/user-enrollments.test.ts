import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminUnenrollLog,
  auditRows,
  authenticatorRows,
  mgmtError,
  seedMfaTenant,
  seedUser,
  snapshot,
  USER_NOT_FOUND,
  type AdminCall,
  type SeededUser,
} from '../../helpers/mfa-admin.js';
import { enrollPushUser, expectOk, listen, pushTenant, startPushTessera, type PushTessera } from '../../helpers/push.js';
import { buildTestServer, enrollOtp, json, type TestClient, type TestServer } from '../../helpers/server.js';

const ENROLLMENT_NOT_FOUND = mgmtError(404, 'inexistent_enrollment', 'Enrollment not found.');
const PARALLEL_REQUESTS = 50;
const linkOf = (authenticatorId: string) => authenticatorId.slice(authenticatorId.indexOf('|') + 1);
const userEnrollment = (userId: string, enrollmentId: string) =>
  `/api/v2/users/${encodeURIComponent(userId)}/enrollments/${encodeURIComponent(enrollmentId)}`;

describe('DELETE /api/v2/users/{id}/enrollments/{enrollment_id}', () => {
  let server: TestServer;
  let admin: AdminCall;
  let client: TestClient;
  let ada: SeededUser;
  let grace: SeededUser;
  let adaLink: string;
  let graceLink: string;
  beforeEach(async () => {
    server = await buildTestServer();
    ({ admin, client, ada } = await seedMfaTenant(server));
    grace = await seedUser(admin, 'grace@example.com');
    graceLink = linkOf((await enrollOtp(server, client, grace.email)).authenticatorId);
    adaLink = linkOf((await enrollOtp(server, client)).authenticatorId);
  });
  afterEach(() => server.close());

  const listed = async (userId: string) =>
    (json(await admin('GET', `/api/v2/users/${encodeURIComponent(userId)}/enrollments`)) as { id: string }[]).map((e) => e.id);

  it('answers 204 with no body, removes only that enrollment, and logs gd_unenroll as the guardian delete does', async () => {
    const response = await admin('DELETE', userEnrollment(ada.user_id, adaLink));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    expect(await listed(ada.user_id)).toEqual([]);
    expect((await authenticatorRows(server, ada.user_id)).map((row) => row.kind)).toEqual(['recovery-code']);
    expect(await listed(grace.user_id)).toEqual([graceLink]);
    expect(json(await admin('GET', `/api/v2/guardian/enrollments/${adaLink}`))).toEqual(ENROLLMENT_NOT_FOUND);

    const logged = await admin('GET', `/api/v2/logs?q=${encodeURIComponent('type:"gd_unenroll"')}`);
    expect(json(logged)).toEqual([adminUnenrollLog(ada, adaLink, server.clock.now())]);
  });

  type Target = () => [userId: string, enrollmentId: string] | Promise<[userId: string, enrollmentId: string]>;
  it.each<[string, Target, ReturnType<typeof mgmtError>]>([
    ['an unknown user', () => ['auth0|000000000000000000000000', adaLink], USER_NOT_FOUND],
    ['an unknown enrollment id', () => [ada.user_id, 'dev_0000000000000000'], ENROLLMENT_NOT_FOUND],
    ['another user’s enrollment', () => [ada.user_id, graceLink], ENROLLMENT_NOT_FOUND],
    ['the recovery code (not an enrollment)', async () => [ada.user_id, (await authenticatorRows(server, ada.user_id)).find((r) => r.kind === 'recovery-code')?.link_id ?? ''] as [string, string], ENROLLMENT_NOT_FOUND],
  ])('answers 404 for %s, and nothing changes (no audit entry either)', async (_label, pick, expected) => {
    const [userId, enrollmentId] = await pick();
    const before = await snapshot(server);

    const response = await admin('DELETE', userEnrollment(userId, enrollmentId));
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(expected);

    expect(await snapshot(server)).toEqual(before);
    expect(await listed(ada.user_id)).toEqual([adaLink]);
    expect(await listed(grace.user_id)).toEqual([graceLink]);
  });

  it(`of ${PARALLEL_REQUESTS} parallel deletes of one enrollment, exactly one succeeds and is logged`, async () => {
    const url = userEnrollment(ada.user_id, adaLink);
    const responses = await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, () => admin('DELETE', url)));

    expect(responses.filter((r) => r.statusCode === 204).map((r) => r.body)).toEqual(['']);
    const refused = responses.filter((r) => r.statusCode !== 204);
    expect(refused.map((r) => r.statusCode)).toEqual(Array(PARALLEL_REQUESTS - 1).fill(404));
    for (const response of refused) expect(json(response)).toEqual(ENROLLMENT_NOT_FOUND);
    expect((await auditRows(server, 'gd_unenroll')).map((row) => row.details)).toEqual([
      { enrollment: { _id: adaLink, user_id: ada.user_id }, initiator: 'admin' },
    ]);
    expect(await listed(ada.user_id)).toEqual([]);
  });
});

describe('DELETE /api/v2/users/{id}/enrollments/{enrollment_id} of a push device', () => {
  let server: PushTessera;
  beforeEach(async () => {
    server = await startPushTessera();
  });
  afterEach(() => server.close());

  it('removes push and its linked OTP together and closes the device’s open event stream', async () => {
    const { client, user } = await pushTenant(server);
    const { device } = await enrollPushUser(server, client, user.email);
    const stream = listen(server, device, { sleep: () => new Promise((resolve) => setTimeout(resolve, 10)) });
    await stream.opened();
    const [enrollment] = expectOk(await server.management<{ id: string; type: string }[]>('GET', `/api/v2/users/${encodeURIComponent(user.user_id)}/enrollments`));
    const linkId = enrollment?.id ?? '';
    expect(enrollment?.type).toBe('pn');
    expect(server.app.pushHub.connections(linkId)).toBe(1);
    const linked = async () => (await authenticatorRows(server, user.user_id)).filter((row) => row.link_id === linkId).map((row) => row.kind).sort();
    expect(await linked()).toEqual(['push', 'totp']);

    const response = await server.management('DELETE', userEnrollment(user.user_id, linkId));
    expect({ status: response.status, body: response.body }).toEqual({ status: 204, body: undefined });

    expect(await linked()).toEqual([]);
    expect((await authenticatorRows(server, user.user_id)).map((row) => row.kind)).toEqual(['recovery-code']);
    expect(server.app.pushHub.connections(linkId)).toBe(0);
    // The server ended the stream; the device's reconnect is refused because it is no longer enrolled.
    const closed = await stream.closed;
    expect(stream.states.map((state) => state.status)).toContain('retrying');
    expect({ status: closed.status, reason: closed.reason }).toEqual({ status: 'closed', reason: 'rejected' });
  });
});
