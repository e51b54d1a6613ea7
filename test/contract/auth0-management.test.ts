import {
  AuthApiError,
  AuthenticationClient,
  ManagementApiError,
  ManagementClient,
  type AuthenticationClientOptions,
  type Factor,
  type GetUsers200ResponseOneOf,
  type Log,
  type UserEnrollment,
} from 'auth0-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { ADMIN, oathtool, PASSWORD } from '../helpers/server.js';

/**
 * The Management API calls an Auth0 admin tool makes for MFA, through the official `auth0` SDK
 * (v4 ManagementClient) over real HTTPS: typed results in `.data`, errors as ManagementApiError.
 */

const CONNECTION = 'Username-Password-Authentication';
const EMAIL = 'grace@example.com';
const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
const APP_GRANTS = ['password', MFA_OTP, MFA_RECOVERY_CODE];
/** A 20-byte base32 secret, as an admin migrating users from another system would hold. */
const KNOWN_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const LINK_ID = /^dev_[A-Za-z0-9]{16}$/;
const LOG_ID = /^\d{15}[0-9a-f]{16}$/;

interface Tenant {
  management: ManagementClient;
  auth: AuthenticationClient;
  clientId: string;
  clientSecret: string;
  userId: string;
}

function sdkTransport(server: HttpsTessera): Pick<AuthenticationClientOptions, 'domain' | 'fetch' | 'agent'> {
  // As in auth0-sdk.test.ts: an https.Agent trusting only the test certificate serves jose and our fetch.
  return { domain: server.domain, fetch: server.fetch, agent: server.agent as unknown as AuthenticationClientOptions['agent'] };
}

function managementClient(server: HttpsTessera): ManagementClient {
  return new ManagementClient({ ...sdkTransport(server), clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });
}

/** An application, a user, and MFA (OTP + recovery codes) required for every application, all through the SDK. */
async function setUpTenant(server: HttpsTessera): Promise<Tenant> {
  const management = managementClient(server);
  const { data: client } = await management.clients.create({ name: 'Contract App', grant_types: APP_GRANTS });
  const { data: user } = await management.users.create({ connection: CONNECTION, email: EMAIL, password: PASSWORD });
  await management.guardian.updateFactor({ name: 'otp' }, { enabled: true });
  await management.guardian.updateFactor({ name: 'recovery-code' }, { enabled: true });
  await management.guardian.updatePolicies(['all-applications']);
  const clientSecret = client.client_secret ?? '';
  const auth = new AuthenticationClient({ ...sdkTransport(server), clientId: client.client_id, clientSecret });
  return { management, auth, clientId: client.client_id, clientSecret, userId: user.user_id ?? '' };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The ManagementApiError fields an SDK caller branches on. */
async function managementError(promise: Promise<unknown>): Promise<{ statusCode: number; error: string; errorCode: string | undefined; message: string }> {
  const error = await rejection(promise);
  if (!(error instanceof ManagementApiError)) throw error;
  return { statusCode: error.statusCode, error: error.error, errorCode: error.errorCode, message: error.message };
}

/** passwordGrant stopped at `mfa_required`: the mfa_token and the requirements from the error body. */
async function mfaRequired(tenant: Tenant): Promise<{ mfa_token: string; mfa_requirements: unknown }> {
  const error = await rejection(tenant.auth.oauth.passwordGrant({ username: EMAIL, password: PASSWORD }));
  if (!(error instanceof AuthApiError) || error.error !== 'mfa_required') throw error;
  const { mfa_token, mfa_requirements } = JSON.parse(error.body) as { mfa_token: string; mfa_requirements: unknown };
  return { mfa_token, mfa_requirements };
}

describe('the official auth0 SDK (v4) ManagementClient: MFA administration over HTTPS', () => {
  let server: HttpsTessera;
  beforeEach(async () => {
    server = await startHttpsTessera();
  });
  afterEach(async () => {
    await server.close();
  });

  /** The MFA grants, which the v4 AuthenticationClient does not wrap. */
  async function token(tenant: Tenant, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const response = await server.fetch(new URL('/oauth/token', server.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: tenant.clientId, client_secret: tenant.clientSecret, ...form }).toString(),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  const createKnownTotp = (tenant: Tenant) =>
    tenant.management.users.createAuthenticationMethod({ id: tenant.userId }, { type: 'totp', totp_secret: KNOWN_SECRET, name: 'Work phone' });

  it('searches users with v3 query syntax: exact email, prefix, totals', async () => {
    const management = managementClient(server);
    const emails = ['grace@example.com', 'grace.hopper@example.org', 'alan@example.com'];
    const ids: Record<string, string> = {};
    for (const email of emails) ids[email] = (await management.users.create({ connection: CONNECTION, email, password: PASSWORD })).data.user_id ?? '';

    const exact = await management.users.getAll({ q: 'email:"grace@example.com"', search_engine: 'v3', include_totals: true });
    expect(exact.status).toBe(200);
    const page: GetUsers200ResponseOneOf = exact.data;
    expect({ start: page.start, limit: page.limit, length: page.length, total: page.total }).toEqual({ start: 0, limit: 50, length: 1, total: 1 });
    expect(page.users).toEqual([expect.objectContaining({ user_id: ids['grace@example.com'], email: 'grace@example.com', identities: [expect.objectContaining({ connection: CONNECTION })] })]);

    const prefix = await management.users.getAll({ q: 'email:grace*', search_engine: 'v3', sort: 'email:-1' });
    expect(prefix.data.map((user) => user.email)).toEqual(['grace@example.com', 'grace.hopper@example.org']);

    const paged = await management.users.getAll({ search_engine: 'v3', include_totals: true, per_page: 2, page: 1, sort: 'email:1' });
    expect({ ...paged.data, users: paged.data.users.map((user) => user.email) }).toEqual({ start: 2, limit: 2, length: 1, total: 3, users: ['grace@example.com'] });

    expect(await managementError(management.users.getAll({ q: 'app_metadata.plan:"gold"', search_engine: 'v3' }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'invalid_query_string',
      message: 'Query validation error: Unsupported query field: app_metadata.plan.',
    });
  });

  it('creates a TOTP authentication method with a known secret, and the user signs in with its codes', async () => {
    const tenant = await setUpTenant(server);
    const now = new Date(server.clock.now()).toISOString();

    const created = await createKnownTotp(tenant);
    expect(created.status).toBe(201);
    expect(created.data).toEqual({ id: expect.stringMatching(/^totp\|dev_[A-Za-z0-9]{16}$/), type: 'totp', confirmed: true, name: 'Work phone', created_at: now, enrolled_at: now });
    const methodId = created.data.id ?? '';
    // The secret never comes back out.
    expect(JSON.stringify(created.data)).not.toContain(KNOWN_SECRET);

    expect((await tenant.management.users.getAuthenticationMethods({ id: tenant.userId })).data).toEqual([created.data]);
    expect((await tenant.management.users.getAuthenticationMethod({ id: tenant.userId, authentication_method_id: methodId })).data).toEqual(created.data);
    expect(await managementError(createKnownTotp(tenant))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      errorCode: 'authentication_method_conflict',
      message: 'Authentication method already exists.',
    });

    // The user is enrolled already: sign-in challenges (no enrollment step), and a code from the known secret passes.
    const { mfa_token: mfaToken, mfa_requirements: requirements } = await mfaRequired(tenant);
    expect(requirements).toEqual({ challenge: [{ type: 'otp' }] });
    const login = await token(tenant, { grant_type: MFA_OTP, mfa_token: mfaToken, otp: oathtool(KNOWN_SECRET, server.clock.now()) });
    expect(login).toEqual({ status: 200, body: { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer' } });

    const used = (await tenant.management.users.getAuthenticationMethod({ id: tenant.userId, authentication_method_id: methodId })).data;
    expect(used).toEqual({ ...created.data, last_auth_at: now });
  });

  it('lists, reads and deletes Guardian enrollments', async () => {
    const tenant = await setUpTenant(server);
    const now = new Date(server.clock.now()).toISOString();
    expect((await tenant.management.users.getEnrollments({ id: tenant.userId })).data).toEqual([]);
    const methodId = (await createKnownTotp(tenant)).data.id ?? '';
    const linkId = methodId.split('|')[1] ?? '';

    const listed = await tenant.management.users.getEnrollments({ id: tenant.userId });
    const enrollments: UserEnrollment[] = listed.data;
    expect(enrollments).toEqual([{ id: linkId, status: 'confirmed', type: 'totp', name: 'Work phone', auth_method: 'authenticator', enrolled_at: now }]);
    expect(linkId).toMatch(LINK_ID);

    const single = await tenant.management.guardian.getGuardianEnrollment({ id: linkId });
    expect(single.data).toEqual(enrollments[0]);

    const removed = await tenant.management.guardian.deleteGuardianEnrollment({ id: linkId });
    expect(removed.status).toBe(204);
    const notFound = { statusCode: 404, error: 'Not Found', errorCode: 'inexistent_enrollment', message: 'Enrollment not found.' };
    expect(await managementError(tenant.management.guardian.getGuardianEnrollment({ id: linkId }))).toEqual(notFound);
    expect(await managementError(tenant.management.guardian.deleteGuardianEnrollment({ id: linkId }))).toEqual(notFound);
    expect((await tenant.management.users.getEnrollments({ id: tenant.userId })).data).toEqual([]);
    expect((await tenant.management.users.getAuthenticationMethods({ id: tenant.userId })).data).toEqual([]);
    // Unenrolled, the user is asked to enroll again.
    expect((await mfaRequired(tenant)).mfa_requirements).toEqual({ enroll: [{ type: 'otp' }] });

    expect(await managementError(tenant.management.users.getEnrollments({ id: 'auth0|000000000000000000000000' }))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      errorCode: 'inexistent_user',
      message: 'The user does not exist.',
    });
  });

  it('creates an enrollment ticket whose link opens the enrollment page over HTTPS', async () => {
    const tenant = await setUpTenant(server);

    const ticket = await tenant.management.guardian.createEnrollmentTicket({ user_id: tenant.userId });
    expect(ticket.status).toBe(200);
    expect(ticket.data).toEqual({ ticket_id: expect.stringMatching(/^gten_[A-Za-z0-9]{32}$/), ticket_url: expect.any(String) });
    expect(ticket.data.ticket_url).toBe(`${server.issuer}guardian/enroll?ticket=${ticket.data.ticket_id}`);

    const page = await server.fetch(ticket.data.ticket_url ?? '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain(`<strong>${EMAIL}</strong>`);

    // A push-notification ticket opens the push enrollment page; phone is not offered here. This SDK's
    // EnrollmentCreate type predates `factor` (https://auth0.com/docs/api/management/v2/guardian/post-ticket), and the SDK sends the body as given.
    const withFactor = (factor: string) => ({ user_id: tenant.userId, factor });
    const push = await tenant.management.guardian.createEnrollmentTicket(withFactor('push-notification'));
    expect({ status: push.status, data: push.data }).toEqual({
      status: 200,
      data: { ticket_id: expect.stringMatching(/^gten_[A-Za-z0-9]{32}$/), ticket_url: `${server.issuer}guardian/enroll?ticket=${push.data.ticket_id}` },
    });
    expect(await managementError(tenant.management.guardian.createEnrollmentTicket(withFactor('phone')))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'feature_not_supported',
      message: 'The phone factor is not available on this server.',
    });

    expect(await managementError(tenant.management.guardian.createEnrollmentTicket({ user_id: tenant.userId, send_mail: true }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'email_provider_not_configured',
      message: 'No email provider is configured: set TESSERA_SMTP_URL to send enrollment invitations.',
    });
    expect(await managementError(tenant.management.guardian.createEnrollmentTicket({ user_id: 'auth0|000000000000000000000000' }))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      errorCode: 'inexistent_user',
      message: 'The user does not exist.',
    });
  });

  it('reads and updates factors and policies, refusing unknown and unsupported ones', async () => {
    const management = managementClient(server);

    const initial = await management.guardian.getFactors();
    const factors: Factor[] = initial.data;
    expect(factors.map((factor) => factor.name)).toEqual(['push-notification', 'sms', 'email', 'duo', 'otp', 'webauthn-roaming', 'webauthn-platform', 'recovery-code']);
    expect(factors.every((factor) => factor.enabled === false && factor.trial_expired === false)).toBe(true);

    expect((await management.guardian.updateFactor({ name: 'otp' }, { enabled: true })).data).toEqual({ enabled: true });
    expect((await management.guardian.getFactors()).data.filter((factor) => factor.enabled)).toEqual([{ name: 'otp', enabled: true, trial_expired: false }]);
    expect((await management.guardian.updateFactor({ name: 'otp' }, { enabled: false })).data).toEqual({ enabled: false });
    expect((await management.guardian.getFactors()).data.filter((factor) => factor.enabled)).toEqual([]);

    expect(await managementError(management.guardian.updateFactor({ name: 'duo' }, { enabled: true }))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'feature_not_supported',
      message: 'The duo factor is not available on this server.',
    });
    // Turning off a factor the server lacks is harmless and accepted.
    expect((await management.guardian.updateFactor({ name: 'duo' }, { enabled: false })).data).toEqual({ enabled: false });
    expect(await managementError(management.guardian.updateFactor({ name: 'yubikey' as 'otp' }, { enabled: true }))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      errorCode: 'inexistent_factor',
      message: 'Factor "yubikey" does not exist.',
    });

    expect((await management.guardian.getPolicies()).data).toEqual([]);
    expect((await management.guardian.updatePolicies(['all-applications'])).data).toEqual(['all-applications']);
    expect((await management.guardian.getPolicies()).data).toEqual(['all-applications']);
    const invalid = await managementError(management.guardian.updatePolicies(['sometimes']));
    expect(invalid).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
    expect(invalid.message).toMatch(/^Payload validation error: /);
    expect((await management.guardian.getPolicies()).data).toEqual(['all-applications']);
    expect((await management.guardian.updatePolicies([])).data).toEqual([]);
  });

  it('regenerates a recovery code for a user enrolled through the API, and the code signs in once', async () => {
    const tenant = await setUpTenant(server);
    expect(await managementError(tenant.management.users.regenerateRecoveryCode({ id: tenant.userId }))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      errorCode: 'inexistent_enrollment',
      message: 'Enrollment not found.',
    });
    await createKnownTotp(tenant);

    // An API-created TOTP carries no recovery code; regeneration issues the first one.
    const first = await tenant.management.users.regenerateRecoveryCode({ id: tenant.userId });
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ recovery_code: expect.stringMatching(RECOVERY_CODE) });
    expect((await mfaRequired(tenant)).mfa_requirements).toEqual({ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] });
    const methods = (await tenant.management.users.getAuthenticationMethods({ id: tenant.userId })).data;
    expect(methods.map((method) => method.type).sort()).toEqual(['recovery-code', 'totp']);

    const second = await tenant.management.users.regenerateRecoveryCode({ id: tenant.userId });
    expect(second.data.recovery_code).not.toBe(first.data.recovery_code);
    const recover = async (code: string) => token(tenant, { grant_type: MFA_RECOVERY_CODE, mfa_token: (await mfaRequired(tenant)).mfa_token, recovery_code: code });
    expect(await recover(first.data.recovery_code ?? '')).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' } });
    const recovered = await recover(second.data.recovery_code ?? '');
    expect(recovered).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer', recovery_code: expect.stringMatching(RECOVERY_CODE) },
    });
    expect(await recover(second.data.recovery_code ?? '')).toMatchObject({ status: 403 });
  });

  it('deletes all authenticators and invalidates remembered browsers', async () => {
    const tenant = await setUpTenant(server);
    await createKnownTotp(tenant);
    await tenant.management.users.regenerateRecoveryCode({ id: tenant.userId });

    const reset = await tenant.management.users.deleteAllAuthenticators({ id: tenant.userId });
    expect(reset.status).toBe(204);
    expect((await tenant.management.users.getAuthenticationMethods({ id: tenant.userId })).data).toEqual([]);
    expect((await tenant.management.users.getEnrollments({ id: tenant.userId })).data).toEqual([]);
    expect((await mfaRequired(tenant)).mfa_requirements).toEqual({ enroll: [{ type: 'otp' }] });

    const invalidated = await tenant.management.users.invalidateRememberBrowser({ id: tenant.userId });
    expect(invalidated.status).toBe(204);
    const audit = (await tenant.management.users.getLogs({ id: tenant.userId, sort: 'date:1' })).data.filter((log) => log.type === 'sapi');
    expect(audit.map((log) => log.description)).toEqual([
      'Create a User',
      'Create an authentication method',
      'Regenerate recovery code',
      'Delete all authenticators',
      'Invalidate remembered browsers for MFA',
    ]);

    const missing = { id: 'auth0|000000000000000000000000' };
    const userNotFound = { statusCode: 404, error: 'Not Found', errorCode: 'inexistent_user', message: 'The user does not exist.' };
    expect(await managementError(tenant.management.users.invalidateRememberBrowser(missing))).toEqual(userNotFound);
    expect(await managementError(tenant.management.users.deleteAllAuthenticators(missing))).toEqual(userNotFound);
  });

  it('finds an MFA sign-in in the logs: search by type, read by id, list per user', async () => {
    const tenant = await setUpTenant(server);
    const methodId = (await createKnownTotp(tenant)).data.id ?? '';
    const { mfa_token: mfaToken } = await mfaRequired(tenant);
    expect((await token(tenant, { grant_type: MFA_OTP, mfa_token: mfaToken, otp: oathtool(KNOWN_SECRET, server.clock.now()) })).status).toBe(200);

    const search = await tenant.management.logs.getAll({ q: 'type:"gd_auth_succeed"' });
    expect(search.status).toBe(200);
    const logs: Log[] = search.data;
    expect(logs).toEqual([
      {
        log_id: expect.stringMatching(LOG_ID),
        date: new Date(server.clock.now()).toISOString(),
        type: 'gd_auth_succeed',
        description: 'MFA Auth success',
        client_id: tenant.clientId,
        client_name: 'Contract App',
        ip: '127.0.0.1',
        user_id: tenant.userId,
        user_name: EMAIL,
        details: { authenticator: { id: methodId, type: 'otp' } },
      },
    ]);
    const entry = logs[0] as Log;

    expect((await tenant.management.logs.get({ id: entry.log_id })).data).toEqual(entry);
    expect(
      (await tenant.management.logs.getAll({ q: `type:"gd_auth_succeed" AND user_id:"${tenant.userId}"` })).data.map((log) => log.log_id),
    ).toEqual([entry.log_id]);
    expect((await tenant.management.logs.getAll({ q: 'type:"gd_auth_failed"' })).data).toEqual([]);

    const userLogs = await tenant.management.users.getLogs({ id: tenant.userId, include_totals: true, sort: 'date:1', per_page: 100 });
    expect(userLogs.data).toMatchObject({ start: 0, limit: 100 });
    expect(userLogs.data.total).toBe(userLogs.data.logs?.length);
    const types = (userLogs.data.logs ?? []).map((log) => log.type);
    expect(types.slice(types.indexOf('mfar'))).toEqual(['mfar', 'gd_auth_succeed', 'seotpft']);
    expect(userLogs.data.logs).toContainEqual(entry);

    expect(await managementError(tenant.management.logs.get({ id: '000000000000000ffffffffffffffff' }))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      errorCode: 'inexistent_log',
      message: 'Log event not found.',
    });
  });
});
