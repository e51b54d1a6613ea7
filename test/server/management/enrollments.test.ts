import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminUnenrollLog,
  authenticatorRows,
  expectStatus,
  iso,
  LINK_ID,
  mfaAuthenticators,
  mgmtError,
  otpGrant,
  seedMfaTenant,
  seedUser,
  snapshot,
  T0,
  T0_MS,
  USER_NOT_FOUND,
  type AdminCall,
  type SeededUser,
} from '../../helpers/mfa-admin.js';
import { buildTestServer, enrollOtp, json, loginForMfaToken, oathtool, type TestClient, type TestServer } from '../../helpers/server.js';

const ENROLLMENT_NOT_FOUND = mgmtError(404, 'inexistent_enrollment', 'Enrollment not found.');
const linkOf = (authenticatorId: string) => authenticatorId.slice(authenticatorId.indexOf('|') + 1);

describe('Management API: Guardian enrollments', () => {
  let server: TestServer;
  let admin: AdminCall;
  let client: TestClient;
  let ada: SeededUser;
  beforeEach(async () => {
    server = await buildTestServer();
    ({ admin, client, ada } = await seedMfaTenant(server));
  });
  afterEach(() => server.close());

  const userEnrollments = (userId: string) => admin('GET', `/api/v2/users/${encodeURIComponent(userId)}/enrollments`);
  const enrollment = (id: string) => `/api/v2/guardian/enrollments/${encodeURIComponent(id)}`;

  describe('GET /api/v2/users/{id}/enrollments', () => {
    it('lists a confirmed OTP enrollment; the recovery code is not an enrollment', async () => {
      const { authenticatorId } = await enrollOtp(server, client);
      expect(linkOf(authenticatorId)).toMatch(LINK_ID);
      expect((await authenticatorRows(server, ada.user_id)).map((row) => row.kind)).toEqual(['recovery-code', 'totp']);

      const response = await userEnrollments(ada.user_id);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual([
        { id: linkOf(authenticatorId), status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: T0, last_auth: T0 },
      ]);
    });

    it('shows an enrollment as pending until its first code, then confirmed at that time', async () => {
      const { app, clock } = server;
      const mfaToken = await loginForMfaToken(app, client);
      const associate = await app.inject({
        method: 'POST',
        url: '/mfa/associate',
        headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
        payload: { authenticator_types: ['otp'] },
      });
      const { secret } = expectStatus<{ secret: string }>(associate, 200);
      const [pending] = (await authenticatorRows(server, ada.user_id)).filter((row) => row.kind === 'totp');

      expect(json(await userEnrollments(ada.user_id))).toEqual([
        { id: pending?.link_id, status: 'pending', type: 'totp', auth_method: 'authenticator', enrolled_at: T0 },
      ]);

      clock.advance(90_000);
      expectStatus(await otpGrant(app, client, mfaToken, oathtool(secret, clock.now())), 200);
      const confirmedAt = iso(T0_MS + 90_000);
      expect(json(await userEnrollments(ada.user_id))).toEqual([
        { id: pending?.link_id, status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: confirmedAt, last_auth: confirmedAt },
      ]);
    });

    it('lists phone and email methods with their Guardian auth_method; the phone number is partly masked', async () => {
      const methods = `/api/v2/users/${encodeURIComponent(ada.user_id)}/authentication-methods`;
      const phone = expectStatus<{ link_id: string }>(await admin('POST', methods, { type: 'phone', phone_number: '+447700900123' }), 201);
      server.clock.advance(1000);
      const email = expectStatus<{ id: string }>(await admin('POST', methods, { type: 'email', email: 'ada@work.example' }), 201);

      expect(json(await userEnrollments(ada.user_id))).toEqual([
        { id: phone.link_id, status: 'confirmed', type: 'phone', name: '+447700900123', phone_number: '+44XXXXXX0123', auth_method: 'sms', enrolled_at: T0 },
        { id: linkOf(email.id), status: 'confirmed', type: 'email', name: 'ada@work.example', auth_method: 'email', enrolled_at: iso(T0_MS + 1000) },
      ]);
    });

    it('lists nothing for a user with no enrollment', async () => {
      expect(json(await userEnrollments(ada.user_id))).toEqual([]);
    });

    it('answers 404 for an unknown user', async () => {
      const response = await userEnrollments('auth0|000000000000000000000000');
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(USER_NOT_FOUND);
    });
  });

  describe('GET and DELETE /api/v2/guardian/enrollments/{id}', () => {
    it('GET answers the same enrollment the user list shows', async () => {
      const { authenticatorId } = await enrollOtp(server, client);
      const response = await admin('GET', enrollment(linkOf(authenticatorId)));
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ id: linkOf(authenticatorId), status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: T0, last_auth: T0 });
      expect([json(response)]).toEqual(json(await userEnrollments(ada.user_id)));
    });

    it('DELETE: 204, the authenticator leaves /mfa/authenticators, other users keep theirs, gd_unenroll is logged', async () => {
      const grace = await seedUser(admin, 'grace@example.com');
      const graceEnrollment = await enrollOtp(server, client, grace.email);
      const { authenticatorId, mfaToken } = await enrollOtp(server, client);
      const before = await mfaAuthenticators(server.app, mfaToken);
      expect(before.map((a) => [a.authenticator_type, a.active])).toEqual([
        ['recovery-code', true],
        ['otp', true],
      ]);

      const response = await admin('DELETE', enrollment(linkOf(authenticatorId)));
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');

      expect(await mfaAuthenticators(server.app, mfaToken)).toEqual(before.filter((a) => a.id !== authenticatorId));
      expect(json(await userEnrollments(ada.user_id))).toEqual([]);
      expect(json(await admin('GET', enrollment(linkOf(authenticatorId))))).toEqual(ENROLLMENT_NOT_FOUND);
      expect(json(await userEnrollments(grace.user_id))).toEqual([
        { id: linkOf(graceEnrollment.authenticatorId), status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: T0, last_auth: T0 },
      ]);

      const logged = await admin('GET', `/api/v2/logs?q=${encodeURIComponent('type:"gd_unenroll"')}`);
      expect(json(logged)).toEqual([adminUnenrollLog(ada, linkOf(authenticatorId), server.clock.now())]);
    });

    it.each([
      ['an unknown link id', () => 'dev_0000000000000000'],
      ['text that is no id', () => 'nope'],
      ['an authenticator id rather than its link id', (totp: string) => totp],
      ['the recovery code (not an enrollment)', (_totp: string, recovery: string) => linkOf(recovery)],
    ])('GET and DELETE answer 404 Enrollment not found for %s, and nothing changes', async (_label, pick) => {
      const { authenticatorId } = await enrollOtp(server, client);
      const recovery = (await authenticatorRows(server, ada.user_id)).find((row) => row.kind === 'recovery-code')?.id ?? '';
      const id = pick(authenticatorId, recovery);
      const before = await snapshot(server);

      for (const method of ['GET', 'DELETE'] as const) {
        const response = await admin(method, enrollment(id));
        expect(response.statusCode, method).toBe(404);
        expect(json(response)).toEqual(ENROLLMENT_NOT_FOUND);
      }
      expect(await snapshot(server)).toEqual(before);
    });
  });
});
