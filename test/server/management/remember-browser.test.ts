import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminApi, auditRows, seedUser, snapshot, T0_MS, USER_NOT_FOUND, type AdminCall, type SeededUser } from '../../helpers/mfa-admin.js';
import { queryRows } from '../../helpers/db.js';
import { ADMIN, buildTestServer, json, type TestServer } from '../../helpers/server.js';

describe('Management API: POST /api/v2/users/{id}/multifactor/actions/invalidate-remember-browser', () => {
  let server: TestServer;
  let admin: AdminCall;
  let ada: SeededUser;
  let grace: SeededUser;
  beforeEach(async () => {
    server = await buildTestServer();
    admin = await adminApi(server.app);
    ada = await seedUser(admin, 'ada@example.com');
    grace = await seedUser(admin, 'grace@example.com');
  });
  afterEach(() => server.close());

  const invalidate = (userId: string) => admin('POST', `/api/v2/users/${encodeURIComponent(userId)}/multifactor/actions/invalidate-remember-browser`);
  const invalidatedAt = () =>
    queryRows<{ user_id: string; remember_browser_invalidated_at: number | null }>(server, 'SELECT user_id, remember_browser_invalidated_at FROM users ORDER BY email');

  it("answers 204 with no body, records when, and logs it; a later call moves the time; other users' stay", async () => {
    const response = await invalidate(ada.user_id);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(await invalidatedAt()).toEqual([
      { user_id: ada.user_id, remember_browser_invalidated_at: T0_MS },
      { user_id: grace.user_id, remember_browser_invalidated_at: null },
    ]);
    expect((await auditRows(server, 'sapi')).at(-1)).toEqual({
      type: 'sapi',
      description: 'Invalidate remembered browsers for MFA',
      user_id: ada.user_id,
      client_id: ADMIN.clientId,
      details: {},
    });

    server.clock.advance(60_000);
    expect((await invalidate(ada.user_id)).statusCode).toBe(204);
    expect((await invalidatedAt())[0]).toEqual({ user_id: ada.user_id, remember_browser_invalidated_at: T0_MS + 60_000 });
  });

  it('answers 404 for an unknown user and changes nothing', async () => {
    const before = await snapshot(server);
    const response = await invalidate('auth0|000000000000000000000000');
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(USER_NOT_FOUND);
    expect(await snapshot(server)).toEqual(before);
  });
});
