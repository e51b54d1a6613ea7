import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoveryCodeDigest } from '../../../server/factors/recovery-code.js';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { queryRows } from '../../helpers/db.js';
import {
  ADMIN_CLIENT_NAME,
  auditRows,
  enrolledTenant,
  insufficientScope,
  mgmtError,
  mgmtRaw,
  recoveryCodeLogin,
  scopesExcept,
  stateSnapshot,
  USER_NOT_FOUND,
  type EnrolledTenant,
} from '../../helpers/management.js';
import {
  buildTestServer,
  createClient,
  ADMIN,
  createUser,
  enrollOtp,
  json,
  loginForMfaToken,
  managementToken,
  mgmt,
  oathtool,
  PASSWORD,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';

/** Races are 50 parallel requests, as in test/server/concurrency.test.ts. */
const RACE = 50;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const ENROLLMENT_NOT_FOUND = mgmtError(404, 'inexistent_enrollment', 'Enrollment not found.');
const RECOVERY_REJECTED = { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' };
const INVALID_OTP = { error: 'invalid_grant', error_description: 'Invalid otp_code.' };

function listAuthenticators(server: TestServer, mfaToken: string): Promise<LightMyRequestResponse> {
  return server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } });
}

function otpLogin(server: TestServer, client: TestClient, mfaToken: string, secret: string): Promise<LightMyRequestResponse> {
  return tokenRequest(server.app, {
    grant_type: GRANT_TYPES.mfaOtp,
    client_id: client.client_id,
    client_secret: client.client_secret,
    mfa_token: mfaToken,
    otp: oathtool(secret, server.clock.now()),
  });
}

describe('Management API: per-user MFA administration', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const userPath = (userId: string, rest = '') => `/api/v2/users/${encodeURIComponent(userId)}${rest}`;
  const reset = (userId: string) => mgmt(server.app, 'DELETE', userPath(userId, '/authenticators'), undefined, token);
  const regenerate = (userId: string) => mgmt(server.app, 'POST', userPath(userId, '/recovery-code-regeneration'), undefined, token);

  describe('DELETE /api/v2/users/{id}/authenticators', () => {
    let tenant: EnrolledTenant;
    beforeEach(async () => {
      tenant = await enrolledTenant(server);
    });

    it('removes every authenticator: 204, the user lists none, and is asked to enroll again', async () => {
      const { client, user } = tenant;
      expect(json(await mgmt(server.app, 'GET', userPath(user.user_id), undefined, token))).toMatchObject({ multifactor: ['guardian'] });

      const response = await reset(user.user_id);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');

      const login = await tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: user.email, password: PASSWORD });
      expect(login.statusCode).toBe(403);
      expect(json(login)).toEqual({
        error: 'mfa_required',
        error_description: 'Multifactor authentication required',
        mfa_token: expect.any(String),
        mfa_requirements: { enroll: [{ type: 'otp' }] },
      });
      const list = await listAuthenticators(server, (json(login) as { mfa_token: string }).mfa_token);
      expect(list.statusCode).toBe(200);
      expect(json(list)).toEqual([]);
      expect(json(await mgmt(server.app, 'GET', userPath(user.user_id), undefined, token))).not.toHaveProperty('multifactor');
    });

    it('lets the user enroll afresh with an mfa_token; the old secret and recovery code are dead', async () => {
      const { client, user, enrollment } = tenant;
      await reset(user.user_id);

      const mfaToken = await loginForMfaToken(server.app, client);
      const associate = await server.app.inject({
        method: 'POST',
        url: '/mfa/associate',
        headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
        payload: { authenticator_types: ['otp'] },
      });
      expect(associate.statusCode).toBe(200);
      const fresh = json(associate) as { secret: string; recovery_codes: string[] };
      expect(fresh).toEqual({
        authenticator_type: 'otp',
        secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
        barcode_uri: expect.stringMatching(/^otpauth:\/\/totp\//),
        recovery_codes: [expect.stringMatching(RECOVERY_CODE)],
      });
      expect(fresh.secret).not.toBe(enrollment.secret);
      expect(fresh.recovery_codes[0]).not.toBe(enrollment.recoveryCode);
      expect((await otpLogin(server, client, mfaToken, fresh.secret)).statusCode).toBe(200);
      expect(json(await listAuthenticators(server, mfaToken))).toEqual([
        { id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'recovery-code', active: true },
        { id: expect.stringMatching(/^totp\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'otp', active: true },
      ]);

      server.clock.advance(30_000);
      const oldSecret = await otpLogin(server, client, await loginForMfaToken(server.app, client), enrollment.secret);
      expect(oldSecret.statusCode).toBe(403);
      expect(json(oldSecret)).toEqual(INVALID_OTP);
      const oldCode = await recoveryCodeLogin(server.app, client, enrollment.recoveryCode ?? '');
      expect(oldCode.statusCode).toBe(403);
      expect(json(oldCode)).toEqual(RECOVERY_REJECTED);
    });

    it("leaves other users' authenticators alone", async () => {
      const { client } = tenant;
      await createUser(server.app, 'grace@example.com');
      const grace = await enrollOtp(server, client, 'grace@example.com');
      await reset(tenant.user.user_id);
      const list = await listAuthenticators(server, await loginForMfaToken(server.app, client, {}, 'grace@example.com'));
      expect(json(list)).toEqual([
        { id: expect.stringMatching(/^recovery-code\|/), authenticator_type: 'recovery-code', active: true },
        { id: grace.authenticatorId, authenticator_type: 'otp', active: true },
      ]);
    });

    it('answers 204 for a user with nothing enrolled, and 404 for an unknown user', async () => {
      const grace = await createUser(server.app, 'grace@example.com');
      const none = await reset(grace.user_id);
      expect(none.statusCode).toBe(204);
      const unknown = await reset('auth0|000000000000000000000000');
      expect(unknown.statusCode).toBe(404);
      expect(json(unknown)).toEqual(USER_NOT_FOUND);
    });
  });

  describe('POST /api/v2/users/{id}/recovery-code-regeneration', () => {
    it('answers a new 24-character code: the old one fails and the new one logs in once', async () => {
      const { client, user, enrollment } = await enrolledTenant(server);
      const response = await regenerate(user.user_id);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({ recovery_code: expect.stringMatching(RECOVERY_CODE) });
      const { recovery_code: code } = json(response) as { recovery_code: string };
      expect(code).not.toBe(enrollment.recoveryCode);

      const old = await recoveryCodeLogin(server.app, client, enrollment.recoveryCode ?? '');
      expect(old.statusCode).toBe(403);
      expect(json(old)).toEqual(RECOVERY_REJECTED);

      const fresh = await recoveryCodeLogin(server.app, client, code);
      expect(fresh.statusCode).toBe(200);
      expect(json(fresh)).toEqual({ access_token: expect.any(String), expires_in: 86400, token_type: 'Bearer', recovery_code: expect.stringMatching(RECOVERY_CODE) });
      const reused = await recoveryCodeLogin(server.app, client, code);
      expect(json(reused)).toEqual(RECOVERY_REJECTED);
    });

    it('keeps only the latest of two regenerated codes', async () => {
      const { client, user } = await enrolledTenant(server);
      const first = (json(await regenerate(user.user_id)) as { recovery_code: string }).recovery_code;
      const second = (json(await regenerate(user.user_id)) as { recovery_code: string }).recovery_code;
      expect(second).not.toBe(first);
      expect(json(await recoveryCodeLogin(server.app, client, first))).toEqual(RECOVERY_REJECTED);
      expect((await recoveryCodeLogin(server.app, client, second)).statusCode).toBe(200);
    });

    it('gives a first code to a user who enrolled before recovery codes were switched on', async () => {
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: true }, token);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
      const client = await createClient(server.app);
      const user = await createUser(server.app);
      const enrollment = await enrollOtp(server, client);
      expect(enrollment.recoveryCode).toBeUndefined();

      const response = await regenerate(user.user_id);
      expect(response.statusCode).toBe(200);
      const { recovery_code: code } = json(response) as { recovery_code: string };
      expect(code).toMatch(RECOVERY_CODE);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/recovery-code', { enabled: true }, token);
      expect((await recoveryCodeLogin(server.app, client, code)).statusCode).toBe(200);
    });

    it('answers 404 Enrollment not found for a user with no confirmed enrollment', async () => {
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: true }, token);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/recovery-code', { enabled: true }, token);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
      const client = await createClient(server.app);
      const user = await createUser(server.app);
      expect(json(await regenerate(user.user_id))).toEqual(ENROLLMENT_NOT_FOUND);

      // An association started but never confirmed is not an enrollment either.
      const mfaToken = await loginForMfaToken(server.app, client);
      await server.app.inject({
        method: 'POST',
        url: '/mfa/associate',
        headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
        payload: { authenticator_types: ['otp'] },
      });
      const response = await regenerate(user.user_id);
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(ENROLLMENT_NOT_FOUND);
    });

    it('answers 404 Enrollment not found after an MFA reset', async () => {
      const { user } = await enrolledTenant(server);
      await reset(user.user_id);
      expect(json(await regenerate(user.user_id))).toEqual(ENROLLMENT_NOT_FOUND);
    });

    describe('under 50 parallel requests', () => {
      const codeOf = (response: LightMyRequestResponse) => (json(response) as { recovery_code: string }).recovery_code;
      const regenerated = async () => (await auditRows(server, 'sapi')).filter((row) => row.description === 'Regenerate recovery code');
      const storedDigests = (userId: string) =>
        queryRows<{ code_digest: string }>(server, "SELECT code_digest FROM authenticators WHERE user_id = $1 AND kind = 'recovery-code'", userId);

      it('50 regenerations of one user: all 200, each logged, and only the code stored last logs in', async () => {
        const { client, user } = await enrolledTenant(server);
        const responses = await Promise.all(Array.from({ length: RACE }, () => regenerate(user.user_id)));
        expect(responses.map((response) => ({ status: response.statusCode, body: json(response) }))).toEqual(
          Array.from({ length: RACE }, () => ({ status: 200, body: { recovery_code: expect.stringMatching(RECOVERY_CODE) } })),
        );
        const codes = responses.map(codeOf);
        expect(new Set(codes).size).toBe(RACE);
        const [stored, ...more] = await storedDigests(user.user_id);
        expect(more).toEqual([]);
        const current = codes.filter((code) => recoveryCodeDigest(server.app.tessera.secrets, code) === stored?.code_digest);
        expect(current).toHaveLength(1);
        expect(await regenerated()).toHaveLength(RACE);
        expect(json(await recoveryCodeLogin(server.app, client, codes.find((code) => code !== current[0]) ?? ''))).toEqual(RECOVERY_REJECTED);
        expect((await recoveryCodeLogin(server.app, client, current[0] ?? '')).statusCode).toBe(200);
      });

      it('regenerations racing the deletion of their user: each 200 with a code or 404 inexistent_user, logged only when 200', async () => {
        const { user } = await enrolledTenant(server);
        const deletion = RACE / 2;
        const responses = await Promise.all(
          Array.from({ length: RACE }, (_, index) => (index === deletion ? mgmt(server.app, 'DELETE', userPath(user.user_id), undefined, token) : regenerate(user.user_id))),
        );
        const [deleted] = responses.splice(deletion, 1);
        expect({ status: deleted?.statusCode, body: deleted?.body }).toEqual({ status: 204, body: '' });
        const answers = responses.map((response) => ({ status: response.statusCode, body: json(response) }));
        for (const answer of answers) {
          expect(answer).toEqual(answer.status === 200 ? { status: 200, body: { recovery_code: expect.stringMatching(RECOVERY_CODE) } } : { status: 404, body: USER_NOT_FOUND });
        }
        expect(await regenerated()).toHaveLength(answers.filter((answer) => answer.status === 200).length);
        expect(await storedDigests(user.user_id)).toEqual([]);
        expect(json(await regenerate(user.user_id))).toEqual(USER_NOT_FOUND);
      });
    });

    it('answers 404 inexistent_user for an unknown user', async () => {
      const response = await regenerate('auth0|000000000000000000000000');
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(USER_NOT_FOUND);
    });
  });

  /** Auth0's legacy providers (https://auth0.com/docs/api/management/v2/users/delete-multifactor-by-provider). */
  describe('DELETE /api/v2/users/{id}/multifactor/{provider}', () => {
    let tenant: EnrolledTenant;
    beforeEach(async () => {
      tenant = await enrolledTenant(server);
    });
    /** With the admin token, or the one given, or (null) none. */
    const removeProvider = (userId: string, provider: string, bearer: string | null = token) =>
      mgmtRaw(server.app, 'DELETE', userPath(userId, `/multifactor/${provider}`), bearer ?? undefined);

    it.each(['duo', 'google-authenticator'])('%s: 204 with no body; the user keeps every authenticator and still signs in with OTP; the call is logged', async (provider) => {
      const { client, user, enrollment } = tenant;
      const methods = () => mgmt(server.app, 'GET', userPath(user.user_id, '/authentication-methods'), undefined, token);
      const methodsBefore = json(await methods());
      const before = await stateSnapshot(server);
      const logged = await auditRows(server);

      const response = await removeProvider(user.user_id, provider);
      expect({ status: response.statusCode, body: response.body }).toEqual({ status: 204, body: '' });

      expect(await stateSnapshot(server)).toEqual(before);
      expect(json(await methods())).toEqual(methodsBefore);
      expect((methodsBefore as { type: string }[]).map((m) => m.type).sort()).toEqual(['recovery-code', 'totp']);
      server.clock.advance(30_000);
      expect((await otpLogin(server, client, await loginForMfaToken(server.app, client), enrollment.secret)).statusCode).toBe(200);
      expect((await auditRows(server)).slice(logged.length, logged.length + 1)).toEqual([
        { type: 'sapi', description: "Delete a User's Multi-factor Provider", client_id: ADMIN.clientId, client_name: ADMIN_CLIENT_NAME, user_id: user.user_id, user_name: user.email, details: { provider } },
      ]);
    });

    it('answers 204 for a user with nothing enrolled', async () => {
      const grace = await createUser(server.app, 'grace@example.com');
      const response = await removeProvider(grace.user_id, 'duo');
      expect({ status: response.statusCode, body: response.body }).toEqual({ status: 204, body: '' });
    });

    type Refusal = [label: string, call: () => Promise<LightMyRequestResponse>, status: number, body: unknown];
    it.each<Refusal>([
      ['an unknown user', () => removeProvider('auth0|000000000000000000000000', 'duo'), 404, USER_NOT_FOUND],
      ...['sms', 'otp', 'guardian', 'push-notification', 'DUO', 'google_authenticator'].map((provider): Refusal => [
        `provider ${provider}`,
        () => removeProvider(tenant.user.user_id, provider),
        400,
        mgmtError(400, 'invalid_uri', "Path validation error: 'must be equal to one of the allowed values' on property provider."),
      ]),
      ['a token with every scope but update:users', async () => removeProvider(tenant.user.user_id, 'duo', await managementToken(server.app, scopesExcept('update:users'))), 403, insufficientScope('update:users')],
      ['a token with read:users only', async () => removeProvider(tenant.user.user_id, 'duo', await managementToken(server.app, 'read:users')), 403, insufficientScope('update:users')],
      ['no token', () => removeProvider(tenant.user.user_id, 'duo', null), 401, mgmtError(401, 'invalid_token', 'Missing authentication')],
    ])('answers %s with its Management error, and changes nothing (no log either)', async (_label, call, status, body) => {
      const before = await auditRows(server);
      const state = await stateSnapshot(server);
      const response = await call();
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status, body });
      expect(await stateSnapshot(server)).toEqual(state);
      // A token request logs its own line; the refused call adds none.
      expect((await auditRows(server)).filter((row) => row.type !== 'seccft')).toEqual(before.filter((row) => row.type !== 'seccft'));
    });
  });
});
