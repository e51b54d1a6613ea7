import type { ManagementClient } from 'auth0';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { ADMIN, PASSWORD } from '../helpers/server.js';
import { APP_GRANTS, CONNECTION, enrollOtp, LINK_ID, LOG_ID, mgmtErrorBody, RECOVERY_CODE, v7Error, v7Management, type OtpEnrollment } from './v7-support.js';

/**
 * The console's work on one person, through auth0@7's ManagementClient over real HTTPS: their
 * authenticators and enrollments, removing one or all, a new recovery code, an enrollment ticket,
 * remembered browsers, the audit log, and a bulk reset job's progress.
 */

const EMAIL = 'ada@example.com';
const USER_NOT_FOUND = mgmtErrorBody(404, 'Not Found', 'inexistent_user', 'The user does not exist.');

describe('the official auth0 SDK (v7) ManagementClient: administering an enrolled user', () => {
  let server: HttpsTessera;
  let management: ManagementClient;
  let app: { client_id: string; client_secret: string };
  let userId: string;
  let enrollment: OtpEnrollment;
  let enrolledAt: string;

  beforeEach(async () => {
    server = await startHttpsTessera();
    management = v7Management(server);
    await management.guardian.factors.set('otp', { enabled: true });
    await management.guardian.factors.set('recovery-code', { enabled: true });
    await management.guardian.policies.set(['all-applications']);
    const created = await management.clients.create({ name: 'Staff Portal', grant_types: APP_GRANTS });
    app = { client_id: created.client_id ?? '', client_secret: created.client_secret ?? '' };
    userId = (await management.users.create({ connection: CONNECTION, email: EMAIL, password: PASSWORD })).user_id ?? '';
    enrolledAt = new Date(server.clock.now()).toISOString();
    enrollment = await enrollOtp(server, app, EMAIL);
  });
  afterEach(() => server.close());

  it('reads the enrollment three ways: users.enrollments.get, guardian.enrollments.get, users.authenticationMethods.list', async () => {
    const enrollments = await management.users.enrollments.get(userId);
    const linkId = enrollments[0]?.id ?? '';
    expect(linkId).toMatch(LINK_ID);
    // Confirming the enrollment with its first code was its first authentication.
    const totp = { id: linkId, status: 'confirmed', type: 'totp', auth_method: 'authenticator', enrolled_at: enrolledAt, last_auth: enrolledAt };
    expect(enrollments).toEqual([totp]);
    expect(await management.guardian.enrollments.get(linkId)).toEqual(totp);
    const methods = await management.users.authenticationMethods.list(userId);
    const recovery = { id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/), type: 'recovery-code', confirmed: true, created_at: enrolledAt, enrolled_at: enrolledAt };
    const otp = { id: `totp|${linkId}`, type: 'totp', confirmed: true, created_at: enrolledAt, enrolled_at: enrolledAt, last_auth_at: enrolledAt };
    expect(methods.response).toEqual({ start: 0, limit: 50, total: 2, authenticators: [recovery, otp] });
    expect(await management.users.authenticationMethods.get(userId, `totp|${linkId}`)).toEqual(otp);
    expect((await management.users.get(userId)).multifactor).toEqual(['guardian']);
    expect((await management.users.list({ q: '_exists_:multifactor' })).data.map((user) => user.user_id)).toEqual([userId]);
    expect(await v7Error(management.users.enrollments.get('auth0|000000000000000000000000'))).toEqual(USER_NOT_FOUND);
  });

  it('removes one authenticator (authenticationMethods.delete), and a Guardian enrollment (guardian.enrollments.delete)', async () => {
    const [totp] = await management.users.enrollments.get(userId);
    const linkId = totp?.id ?? '';
    await management.users.authenticationMethods.delete(userId, `totp|${linkId}`);
    expect(await management.users.enrollments.get(userId)).toEqual([]);
    expect((await management.users.get(userId)).multifactor).toBeUndefined();
    expect(await v7Error(management.users.authenticationMethods.delete(userId, `totp|${linkId}`))).toEqual(
      mgmtErrorBody(404, 'Not Found', 'inexistent_authentication_method', 'The authentication method could not be found.'),
    );

    const again = await enrollOtp(server, app, EMAIL);
    expect(again).toEqual({ secret: expect.any(String), recoveryCode: null });
    expect(again.secret).not.toBe(enrollment.secret);
    const [second] = await management.users.enrollments.get(userId);
    await management.guardian.enrollments.delete(second?.id ?? '');
    expect(await management.users.enrollments.get(userId)).toEqual([]);
    expect(await v7Error(management.guardian.enrollments.delete(second?.id ?? ''))).toEqual(mgmtErrorBody(404, 'Not Found', 'inexistent_enrollment', 'Enrollment not found.'));
  });

  it('resets MFA: authenticationMethods.deleteAll and authenticators.deleteAll leave nothing', async () => {
    await management.users.authenticationMethods.deleteAll(userId);
    expect((await management.users.authenticationMethods.list(userId)).data).toEqual([]);
    await enrollOtp(server, app, EMAIL);
    expect((await management.users.authenticationMethods.list(userId)).data).toHaveLength(2);
    await management.users.authenticators.deleteAll(userId);
    expect((await management.users.authenticationMethods.list(userId)).data).toEqual([]);
    expect(await management.users.enrollments.get(userId)).toEqual([]);
    expect(await v7Error(management.users.authenticators.deleteAll('auth0|000000000000000000000000'))).toEqual(USER_NOT_FOUND);
  });

  it('regenerateRecoveryCode answers a new code, and the old one stops working', async () => {
    const regenerated = await management.users.regenerateRecoveryCode(userId);
    expect(regenerated).toEqual({ recovery_code: expect.stringMatching(RECOVERY_CODE) });
    expect(enrollment.recoveryCode).toMatch(RECOVERY_CODE);
    expect(regenerated.recovery_code).not.toBe(enrollment.recoveryCode);
    const login = await server.fetch(new URL('/oauth/token', server.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: EMAIL, password: PASSWORD, ...app }),
    });
    const { mfa_token: mfaToken } = (await login.json()) as { mfa_token: string };
    const recover = await server.fetch(new URL('/oauth/token', server.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'http://auth0.com/oauth/grant-type/mfa-recovery-code', mfa_token: mfaToken, recovery_code: enrollment.recoveryCode ?? '', ...app }),
    });
    expect({ status: recover.status, body: await recover.json() }).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' } });
  });

  it('guardian.enrollments.createTicket answers a ticket for the factor asked; send_mail without SMTP is refused', async () => {
    const ticket = await management.guardian.enrollments.createTicket({ user_id: userId, factor: 'otp' });
    expect(ticket).toEqual({ ticket_id: expect.stringMatching(/^gten_[A-Za-z0-9]{32}$/), ticket_url: expect.any(String) });
    expect(ticket.ticket_url).toBe(`${server.issuer}guardian/enroll?ticket=${ticket.ticket_id}`);
    expect(await v7Error(management.guardian.enrollments.createTicket({ user_id: userId, send_mail: true }))).toEqual(
      mgmtErrorBody(400, 'Bad Request', 'email_provider_not_configured', 'No email provider is configured: set TESSERA_SMTP_URL to send enrollment invitations.'),
    );
    expect(await v7Error(management.guardian.enrollments.createTicket({ user_id: 'auth0|000000000000000000000000' }))).toEqual(USER_NOT_FOUND);
  });

  it('multifactor.invalidateRememberBrowser is accepted and audited', async () => {
    await management.users.multifactor.invalidateRememberBrowser(userId);
    const logs = await management.users.logs.list(userId, { sort: 'date:-1', per_page: 1 });
    expect(logs.data).toEqual([
      {
        log_id: expect.stringMatching(LOG_ID),
        date: new Date(server.clock.now()).toISOString(),
        type: 'sapi',
        description: 'Invalidate remembered browsers for MFA',
        client_id: ADMIN.clientId,
        client_name: 'Tessera Admin (Management API)',
        user_id: userId,
        user_name: EMAIL,
        details: {},
      },
    ]);
  });

  it('logs.list searches with search (what v7 sends), pages with totals; logs.get reads one; users.logs.list lists one person', async () => {
    const found = await management.logs.list({ search: `type:"gd_enrollment_complete" AND user_id:"${userId}"`, per_page: 10 });
    expect(found.response).toEqual({ start: 0, limit: 10, length: 1, total: 1, logs: [expect.objectContaining({ type: 'gd_enrollment_complete', user_id: userId })] });
    const entry = found.data[0];
    expect(entry?.log_id).toMatch(LOG_ID);
    expect(await management.logs.get(entry?.log_id ?? '')).toEqual(entry);

    const all = await management.logs.list({ per_page: 2, sort: 'date:1' });
    const total = all.response.total ?? 0;
    expect(total).toBeGreaterThan(2);
    const seen: string[] = [];
    for await (const log of all) seen.push(log.log_id ?? '');
    expect(new Set(seen).size).toBe(total);

    // The console's audit filters: several types as an OR group, and a date range.
    const everything = (await management.logs.list({ per_page: 100 })).data;
    const since = new Date(server.clock.now() - 60_000).toISOString();
    const filtered = await management.logs.list({ search: `(type:gd_enrollment_complete OR type:sapi) AND date:[${since} TO *]`, per_page: 100 });
    const expected = everything.filter((log) => (log.type === 'gd_enrollment_complete' || log.type === 'sapi') && String(log.date) >= since);
    expect(expected.length).toBeGreaterThan(1);
    expect(filtered.data).toEqual(expected);
    expect((await management.logs.list({ search: `date:{${new Date(server.clock.now()).toISOString()} TO *]` })).data).toEqual([]);

    const mine = await management.users.logs.list(userId, { per_page: 100 });
    expect(mine.data.every((log) => log.user_id === userId)).toBe(true);
    expect(mine.data).toContainEqual(entry);
    expect(await v7Error(management.logs.get('000000000000000ffffffffffffffff'))).toEqual(mgmtErrorBody(404, 'Not Found', 'inexistent_log', 'Log event not found.'));
    expect(await v7Error(management.logs.list({ search: 'details:x' }))).toEqual(
      mgmtErrorBody(400, 'Bad Request', 'invalid_query_string', 'Query validation error: Unsupported query field: details.'),
    );
  });

  it('jobs.get follows a bulk reset job (started over HTTP, a Tessera extension) to completion', async () => {
    const tokenResponse = await server.fetch(new URL('/oauth/token', server.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: `${server.issuer}api/v2/` }).toString(),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const started = await server.fetch(new URL('/api/v2/jobs/mfa-reset', server.issuer), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ q: '_exists_:multifactor' }),
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    let job = await management.jobs.get(id);
    for (let polls = 0; job.status !== 'completed' && polls < 200; polls += 1) job = await management.jobs.get(id);
    expect(job).toEqual({
      id,
      type: 'mfa_reset',
      status: 'completed',
      dry_run: false,
      created_at: new Date(server.clock.now()).toISOString(),
      completed_at: new Date(server.clock.now()).toISOString(),
      summary: { total: 1, processed: 1, authenticators_removed: 2 },
      results: [{ user_id: userId, email: EMAIL, authenticators: [expect.objectContaining({ type: 'recovery-code' }), expect.objectContaining({ type: 'totp' })] }],
    });
    expect(await management.users.enrollments.get(userId)).toEqual([]);
    expect(await v7Error(management.jobs.get('job_nope'))).toEqual(mgmtErrorBody(404, 'Not Found', 'inexistent_job', 'Job not found.'));
  });
});
