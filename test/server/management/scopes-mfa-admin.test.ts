import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES, type ManagementScope } from '../../../server/scopes.js';
import {
  expectStatus,
  insufficientScope,
  scopesExcept,
  seedMfaTenant,
  snapshot,
  type Method,
} from '../../helpers/mfa-admin.js';
import { buildTestServer, enrollOtp, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

interface Fixture {
  user: string;
  enrollment: string;
  method: string;
  log: string;
  job: string;
}

interface RouteCase {
  /** The route takes a token with any one of these. */
  scopes: ManagementScope[];
  method: Method;
  /** `{user}`, `{enrollment}`, `{method}`, `{log}` and `{job}` stand for the fixture's ids. */
  path: string;
  body?: (f: Fixture) => unknown;
  success: number;
  /** A write that has nothing to change here (Tessera has no legacy MFA provider): only its log line is new. */
  changesNothing?: true;
}

/** The MFA administration routes (logs, enrollments, authentication methods, jobs, tickets, remember-browser). */
const ROUTES: RouteCase[] = [
  { scopes: ['read:logs'], method: 'GET', path: '/api/v2/logs', success: 200 },
  { scopes: ['read:logs'], method: 'GET', path: '/api/v2/logs/{log}', success: 200 },
  { scopes: ['read:logs', 'read:logs_users'], method: 'GET', path: '/api/v2/users/{user}/logs', success: 200 },
  { scopes: ['read:users'], method: 'GET', path: '/api/v2/users/{user}/enrollments', success: 200 },
  { scopes: ['read:guardian_enrollments'], method: 'GET', path: '/api/v2/guardian/enrollments/{enrollment}', success: 200 },
  { scopes: ['delete:guardian_enrollments'], method: 'DELETE', path: '/api/v2/guardian/enrollments/{enrollment}', success: 204 },
  { scopes: ['delete:guardian_enrollments'], method: 'DELETE', path: '/api/v2/users/{user}/enrollments/{enrollment}', success: 204 },
  { scopes: ['read:authentication_methods'], method: 'GET', path: '/api/v2/users/{user}/authentication-methods', success: 200 },
  {
    scopes: ['create:authentication_methods'],
    method: 'POST',
    path: '/api/v2/users/{user}/authentication-methods',
    body: () => ({ type: 'email', email: 'ada@work.example' }),
    success: 201,
  },
  {
    scopes: ['update:authentication_methods'],
    method: 'PUT',
    path: '/api/v2/users/{user}/authentication-methods',
    body: () => [{ type: 'email', email: 'ada@work.example' }],
    success: 200,
  },
  { scopes: ['delete:authentication_methods'], method: 'DELETE', path: '/api/v2/users/{user}/authentication-methods', success: 204 },
  { scopes: ['read:authentication_methods'], method: 'GET', path: '/api/v2/users/{user}/authentication-methods/{method}', success: 200 },
  {
    scopes: ['update:authentication_methods'],
    method: 'PATCH',
    path: '/api/v2/users/{user}/authentication-methods/{method}',
    body: () => ({ name: 'Renamed' }),
    success: 200,
  },
  { scopes: ['delete:authentication_methods'], method: 'DELETE', path: '/api/v2/users/{user}/authentication-methods/{method}', success: 204 },
  {
    scopes: ['delete:guardian_enrollments'],
    method: 'POST',
    path: '/api/v2/jobs/mfa-reset',
    body: (f) => ({ user_ids: [f.user], dry_run: true }),
    success: 201,
  },
  { scopes: ['create:users', 'read:users', 'delete:guardian_enrollments'], method: 'GET', path: '/api/v2/jobs/{job}', success: 200 },
  {
    scopes: ['create:guardian_enrollment_tickets'],
    method: 'POST',
    path: '/api/v2/guardian/enrollments/ticket',
    body: (f) => ({ user_id: f.user }),
    success: 200,
  },
  { scopes: ['update:users'], method: 'POST', path: '/api/v2/users/{user}/multifactor/actions/invalidate-remember-browser', success: 204 },
  { scopes: ['update:users'], method: 'DELETE', path: '/api/v2/users/{user}/multifactor/duo', success: 204, changesNothing: true },
  { scopes: ['update:users'], method: 'DELETE', path: '/api/v2/users/{user}/multifactor/google-authenticator', success: 204, changesNothing: true },
];

function resolve(path: string, f: Fixture): string {
  return path
    .replace('{user}', encodeURIComponent(f.user))
    .replace('{enrollment}', f.enrollment)
    .replace('{method}', encodeURIComponent(f.method))
    .replace('{log}', f.log)
    .replace('{job}', f.job);
}

describe('Management API scope matrix: MFA administration routes', () => {
  let server: TestServer;
  let fixture: Fixture;
  beforeEach(async () => {
    server = await buildTestServer();
    const { admin, client, ada: user } = await seedMfaTenant(server);
    const { authenticatorId } = await enrollOtp(server, client);
    const job = expectStatus<{ id: string }>(await admin('POST', '/api/v2/jobs/mfa-reset', { user_ids: [user.user_id], dry_run: true }), 201);
    const [log] = expectStatus<{ log_id: string }[]>(await admin('GET', '/api/v2/logs?per_page=1'), 200);
    fixture = {
      user: user.user_id,
      enrollment: authenticatorId.slice(authenticatorId.indexOf('|') + 1),
      method: authenticatorId,
      log: log?.log_id ?? '',
      job: job.id,
    };
  });
  afterEach(() => server.close());

  it('names only scopes this server knows', () => {
    for (const route of ROUTES) for (const scope of route.scopes) expect(MANAGEMENT_SCOPES).toContain(scope);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: every other scope, or none → 403 and nothing changed (not even the log); each of its scopes alone → success',
    async (_label, route) => {
      const { app } = server;
      const denied = [await managementToken(app, scopesExcept(...route.scopes)), await managementToken(app, '')];
      const allowed = await Promise.all(route.scopes.map((scope) => managementToken(app, scope)));
      const url = resolve(route.path, fixture);
      const body = route.body?.(fixture);
      const before = await snapshot(server);
      const stateBefore = await snapshot(server, { logs: false });

      for (const token of denied) {
        const refused = await mgmt(app, route.method, url, body, token);
        expect(refused.statusCode).toBe(403);
        expect(json(refused)).toEqual(insufficientScope(...route.scopes));
      }
      expect(await snapshot(server)).toEqual(before);

      for (const [index, token] of allowed.entries()) {
        // A write succeeds once; later scopes of the same route are only ever reads.
        if (index > 0 && route.method !== 'GET') break;
        const accepted = await mgmt(app, route.method, url, body, token);
        expect(accepted.statusCode, `${route.scopes[index] ?? ''}: ${accepted.body}`).toBe(route.success);
      }
      // The snapshot sees writes, so "nothing changed" above is not vacuous.
      if (route.method !== 'GET' && route.changesNothing !== true) expect(await snapshot(server, { logs: false })).not.toEqual(stateBefore);
      if (route.changesNothing === true) {
        expect(await snapshot(server, { logs: false })).toEqual(stateBefore);
        // Its log line is the change the snapshot sees here.
        expect(await snapshot(server)).not.toEqual(before);
      }
    },
  );
});
