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
import { enrollPushUser, expectOk, pushTenant, startPushTessera, type PushTessera } from '../../helpers/push.js';
import { buildTestServer, enrollOtp, json, loginForMfaToken, oathtool, type TestClient, type TestServer } from '../../helpers/server.js';
import { updateDeviceAccount } from '../../../src-main/push-device/index.js';

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
  const methodsOf = (userId: string) => `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`;
  /** Starts an OTP enrollment that stays pending until its first code. */
  const associateOtp = async (mfaToken: string) => {
    const associate = await server.app.inject({
      method: 'POST',
      url: '/mfa/associate',
      headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
      payload: { authenticator_types: ['otp'] },
    });
    return expectStatus<{ secret: string }>(associate, 200);
  };

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

    it('lists no pending enrollment; its first code confirms it, and it is listed from then, enrolled at that time', async () => {
      const { app, clock } = server;
      const mfaToken = await loginForMfaToken(app, client);
      const { secret } = await associateOtp(mfaToken);
      const [pending] = (await authenticatorRows(server, ada.user_id)).filter((row) => row.kind === 'totp');

      expect(json(await userEnrollments(ada.user_id))).toEqual([]);
      // Still there, and still pending: the authentication methods list every enrollment.
      const methods = (json(await admin('GET', methodsOf(ada.user_id))) as { type: string }[]).sort((a, b) => a.type.localeCompare(b.type));
      expect(methods).toEqual([
        { id: expect.stringMatching(/^recovery-code\|dev_/), type: 'recovery-code', confirmed: false, created_at: T0 },
        { id: `totp|${pending?.link_id}`, type: 'totp', confirmed: false, created_at: T0 },
      ]);
      expect(json(await admin('GET', enrollment(pending?.link_id ?? '')))).toEqual(
        { id: pending?.link_id, status: 'pending', type: 'totp', auth_method: 'authenticator', enrolled_at: T0 },
      );

      clock.advance(90_000);
      expectStatus(await otpGrant(app, client, mfaToken, oathtool(secret, clock.now())), 200);
      const confirmedAt = iso(T0_MS + 90_000);
      expect(json(await userEnrollments(ada.user_id))).toEqual([
        { id: pending?.link_id, status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: confirmedAt, last_auth: confirmedAt },
      ]);
    });

    it('lists only the first confirmed enrollment: not an earlier pending one, nor a later confirmed one', async () => {
      const { app, clock } = server;
      await associateOtp(await loginForMfaToken(app, client));
      clock.advance(1000);
      const email = expectStatus<{ id: string }>(await admin('POST', methodsOf(ada.user_id), { type: 'email', email: 'ada@work.example' }), 201);
      clock.advance(1000);
      const phone = expectStatus<{ link_id: string }>(await admin('POST', methodsOf(ada.user_id), { type: 'phone', phone_number: '+447700900123' }), 201);

      const response = await userEnrollments(ada.user_id);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual([
        { id: linkOf(email.id), status: 'confirmed', type: 'email', name: 'ada@work.example', auth_method: 'email', enrolled_at: iso(T0_MS + 1000) },
      ]);
      // The others are untouched, and each is still served by its own id.
      expect((json(await admin('GET', methodsOf(ada.user_id))) as { type: string; confirmed: boolean }[]).map((m) => [m.type, m.confirmed]).sort()).toEqual([
        ['email', true],
        ['phone', true],
        ['recovery-code', false],
        ['totp', false],
      ]);
      expect(json(await admin('GET', enrollment(phone.link_id)))).toEqual(
        { id: phone.link_id, status: 'confirmed', type: 'phone', name: '+447700900123', phone_number: '+44XXXXXX0123', auth_method: 'sms', enrolled_at: iso(T0_MS + 2000) },
      );
    });

    it('orders by enrolled_at, then id: of two enrolled at the same time the lower id, whatever was stored first', async () => {
      const confirmedEmail = (linkId: string, email: string, at: number) =>
        server.app.tessera.store.authenticators.insert({
          id: `email|${linkId}`, user_id: ada.user_id, kind: 'email', link_id: linkId, name: email, email, secret_enc: null, code_digest: null,
          active: true, last_used_step: null, created_at: at, confirmed_at: at, last_auth_at: null,
        });
      await confirmedEmail('dev_0000000000000000', 'later@work.example', T0_MS + 1);
      await confirmedEmail('dev_BBBBBBBBBBBBBBBB', 'b@work.example', T0_MS);
      await confirmedEmail('dev_AAAAAAAAAAAAAAAA', 'a@work.example', T0_MS);

      expect(json(await userEnrollments(ada.user_id))).toEqual([
        { id: 'dev_AAAAAAAAAAAAAAAA', status: 'confirmed', type: 'email', name: 'a@work.example', auth_method: 'email', enrolled_at: T0 },
      ]);
    });

    it('lists a phone enrollment with its Guardian auth_method; the phone number is partly masked', async () => {
      const phone = expectStatus<{ link_id: string }>(await admin('POST', methodsOf(ada.user_id), { type: 'phone', phone_number: '+447700900123' }), 201);
      expect(json(await userEnrollments(ada.user_id))).toEqual([
        { id: phone.link_id, status: 'confirmed', type: 'phone', name: '+447700900123', phone_number: '+44XXXXXX0123', auth_method: 'sms', enrolled_at: T0 },
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

describe('Management API: a push enrollment names its device', () => {
  let server: PushTessera;
  beforeEach(async () => {
    server = await startPushTessera();
  });
  afterEach(() => server.close());

  it('answers the identifier the device enrolled with, and the one it changes to, on both GETs', async () => {
    const { client, user } = await pushTenant(server);
    const { device } = await enrollPushUser(server, client, user.email);
    const [method] = expectOk(await server.management<{ type: string; link_id: string; enrolled_at: string }[]>('GET', `/api/v2/users/${encodeURIComponent(user.user_id)}/authentication-methods`))
      .filter((m) => m.type === 'push');
    const linkId = method?.link_id ?? '';
    const read = async () => ({
      listed: expectOk(await server.management('GET', `/api/v2/users/${encodeURIComponent(user.user_id)}/enrollments`)),
      single: expectOk(await server.management('GET', `/api/v2/guardian/enrollments/${encodeURIComponent(linkId)}`)),
    });
    const push = (identifier: string) => ({
      id: linkId, status: 'confirmed', type: 'pn', name: 'Ada’s laptop', identifier, auth_method: 'guardian', enrolled_at: method?.enrolled_at,
    });

    expect(device.account.identifier).toMatch(/^[0-9a-f-]{36}$/);
    expect(await read()).toEqual({ listed: [push(device.account.identifier)], single: push(device.account.identifier) });

    await updateDeviceAccount(device.account, { identifier: 'ada-new-phone' }, { keyStore: device.keyStore });
    expect(await read()).toEqual({ listed: [push('ada-new-phone')], single: push('ada-new-phone') });
  });
});
