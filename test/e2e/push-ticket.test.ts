import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  enrollDeviceWithTicket,
  generateDeviceKey,
  GuardianApiError,
  type DeviceAccount,
  type TicketEnrollment,
} from '../../src-main/push-device';
import { createTicket } from '../../server/services/tickets.js';
import { rows } from '../helpers/db.js';
import { auditRows, snapshot } from '../helpers/mfa-admin.js';
import {
  approveLoginOnStream,
  deviceStores,
  enrollPushUser,
  expectOk,
  loginForMfaToken,
  pushTenant,
  startPushTessera,
  type PushTenant,
  type PushTessera,
  type TestDevice,
} from '../helpers/push.js';
import { PASSWORD } from '../helpers/server.js';

/**
 * A device spends an enrollment ticket (`gten_…`, POST /api/v2/guardian/enrollments/ticket) at
 * `POST {issuer}appliance-mfa/api/enroll` with `Authorization: Ticket id="gten_…"`, as Guardian Android
 * enrolls with a bare ticket (https://github.com/auth0/Guardian.Android `Guardian.java` `enroll`): over real HTTP, with the real device library.
 */

const EMAIL = 'ada@example.com';
const DEVICE_NAME = 'Ada’s desktop';
const LINK_ID = /^dev_[A-Za-z0-9]{16}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const FIVE_DAYS_MS = 5 * 24 * 3600 * 1000;
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';

const REASON: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };
const guardianError = (statusCode: number, errorCode: string, message: string) => ({ statusCode, error: REASON[statusCode], message, errorCode });
const NOT_FOUND = guardianError(404, 'enrollment_transaction_not_found', 'The mfa enrollment transaction is not active or has expired');
const ALREADY_ENROLLED = guardianError(409, 'already_enrolled', 'The user is already enrolled.');
const OTP_TICKET = guardianError(403, 'ticket_factor_mismatch', 'This enrollment ticket is for the otp factor, not push-notification.');
const PUSH_DISABLED = guardianError(403, 'enrollment_method_disabled', 'The push-notification factor is not enabled.');

let server: PushTessera;
let tenant: PushTenant;
beforeEach(async () => {
  server = await startPushTessera();
  tenant = await pushTenant(server, EMAIL);
});
afterEach(() => server.close());

async function newTicket(body: Record<string, unknown> = {}): Promise<string> {
  const ticket = expectOk(await server.management<{ ticket_id: string }>('POST', '/api/v2/guardian/enrollments/ticket', { user_id: tenant.user.user_id, ...body }));
  return ticket.ticket_id;
}

/** The library's ticket form, with fresh device stores. */
async function enrollWith(ticket: string): Promise<TicketEnrollment & { device: TestDevice }> {
  const stores = deviceStores(server);
  const enrolled = await enrollDeviceWithTicket({ ticket, issuer: server.issuer, name: DEVICE_NAME, ...stores });
  return { ...enrolled, device: { account: enrolled.account, ...stores } };
}

/** The Guardian error a refused library call carries, as status and body. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!(error instanceof GuardianApiError)) throw new Error(`expected a GuardianApiError, got ${String(error)}`);
  return { status: error.status, body: error.body };
}

/** What an enrollment writes: authenticators, devices and the ticket (the audit log is checked on its own). */
const enrollmentState = () => snapshot(server, { logs: false });

const ticketRows = () => rows<{ factor: string | null; allow_multiple: number; used_at: number | null }>(server, 'SELECT factor, allow_multiple, used_at FROM enrollment_tickets ORDER BY created_at');
const deviceCount = () => rows(server, 'SELECT link_id FROM push_devices').length;

/** The device approves a login over its stream; the login's poll then returns tokens. */
async function approvesLogin(device: TestDevice): Promise<void> {
  const tokens = await approveLoginOnStream(server, tenant.client, device, EMAIL);
  expect({ status: tokens.status, body: tokens.body }).toEqual({
    status: 200,
    body: { access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid', expires_in: 86400, token_type: 'Bearer' },
  });
}

describe('a device enrolls with an enrollment ticket', () => {
  it('answers 201 with the push enrollment, its TOTP and the first enrollment’s recovery code; the device then approves a login', async () => {
    const ticket = await newTicket();
    const { privateJwk, publicJwk } = await generateDeviceKey();
    const response = await server.call<Record<string, unknown>>('POST', '/appliance-mfa/api/enroll', {
      headers: { authorization: `Ticket id="${ticket}"` },
      json: { identifier: 'device-ada-1', name: DEVICE_NAME, push_credentials: { service: 'TESSERA_SSE', token: 'device-ada-1' }, public_key: publicJwk },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const id = String(response.body.id);
    expect(response.body).toEqual({
      id: expect.stringMatching(LINK_ID),
      url: `${server.issuer}appliance-mfa/api/device-accounts/${id}`,
      user_id: tenant.user.user_id,
      issuer: 'Tessera Test',
      token: expect.stringMatching(TOKEN),
      totp: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/), algorithm: 'sha1', digits: 6, period: 30 },
      recovery_code: expect.stringMatching(RECOVERY_CODE),
    });

    expect(ticketRows()).toEqual([{ factor: null, allow_multiple: 0, used_at: expect.any(Number) }]);
    expect(await auditRows(server, 'gd_enrollment_complete')).toEqual([
      {
        type: 'gd_enrollment_complete',
        description: 'MFA enrollment complete',
        user_id: tenant.user.user_id,
        client_id: null,
        details: { authenticator: { id: `push|${id}`, type: 'push' }, enrollment: { _id: id, name: DEVICE_NAME, identifier: 'device-ada-1' }, via: 'enrollment-ticket' },
      },
    ]);
    // What the enrollment-transaction path creates: push, its linked TOTP, and the recovery code, all active.
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const authenticators = await server.call('GET', '/mfa/authenticators', { bearer: mfaToken });
    expect(authenticators.body).toEqual([
      { id: `push|${id}`, authenticator_type: 'oob', oob_channel: 'auth0', name: DEVICE_NAME, active: true },
      { id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'recovery-code', active: true },
      { id: `totp|${id}`, authenticator_type: 'otp', active: true },
    ]);

    // The device, as the library would have stored it, approves a real login.
    const stores = deviceStores(server);
    await stores.keyStore.save(id, privateJwk);
    const account: DeviceAccount = {
      enrollmentId: id, userId: tenant.user.user_id, baseUrl: `${server.issuer}appliance-mfa/`, identifier: 'device-ada-1',
      issuer: 'Tessera Test', name: DEVICE_NAME, totp: null, enrolledAt: new Date().toISOString(),
    };
    await approvesLogin({ account, ...stores });

    // The recovery code the device was given is the user's.
    const recoveryApp = expectOk(await server.management<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { name: 'Recovery App', grant_types: ['password', MFA_RECOVERY_CODE] }), 201);
    const login = await server.call<{ mfa_token: string }>('POST', '/oauth/token', {
      form: { grant_type: 'password', client_id: recoveryApp.client_id, client_secret: recoveryApp.client_secret, username: EMAIL, password: PASSWORD },
    });
    const recovered = await server.call('POST', '/oauth/token', {
      form: { grant_type: MFA_RECOVERY_CODE, client_id: recoveryApp.client_id, client_secret: recoveryApp.client_secret, mfa_token: login.body.mfa_token, recovery_code: String(response.body.recovery_code) },
    });
    expect({ status: recovered.status, body: recovered.body }).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer', recovery_code: expect.stringMatching(RECOVERY_CODE) },
    });
  });

  it('through the library: the account it stores, the recovery code only in the result, and a working device', async () => {
    const enrolled = await enrollWith(await newTicket());
    expect(enrolled.recoveryCode).toMatch(RECOVERY_CODE);
    expect(enrolled.account).toEqual({
      enrollmentId: expect.stringMatching(LINK_ID),
      userId: tenant.user.user_id,
      baseUrl: `${server.issuer}appliance-mfa/`,
      identifier: expect.any(String),
      issuer: 'Tessera Test',
      name: DEVICE_NAME,
      totp: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/), algorithm: 'sha1', digits: 6, period: 30 },
      enrolledAt: expect.any(String),
    });
    expect(await enrolled.device.accountStore.list()).toEqual([enrolled.account]);
    await approvesLogin(enrolled.device);
  });

  it('takes a ticket made for the push-notification factor', async () => {
    const ticket = (await createTicket(server.app.tessera, tenant.user.user_id, 'push-notification', false)).ticket_id;
    const enrolled = await enrollWith(ticket);
    expect(enrolled.account.userId).toBe(tenant.user.user_id);
    expect(ticketRows()).toEqual([{ factor: 'push-notification', allow_multiple: 0, used_at: expect.any(Number) }]);
  });

  it('with allow_multiple_enrollments, enrolls a user who already has push: no recovery_code, a second device', async () => {
    await enrollPushUser(server, tenant.client, EMAIL, 'Ada’s phone');
    const ticket = await newTicket({ allow_multiple_enrollments: true });
    const { publicJwk } = await generateDeviceKey();
    const response = await server.call<Record<string, unknown>>('POST', '/appliance-mfa/api/enroll', {
      headers: { authorization: `Ticket id="${ticket}"` },
      json: { identifier: 'device-ada-2', name: DEVICE_NAME, public_key: publicJwk },
    });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 201,
      body: {
        id: expect.stringMatching(LINK_ID),
        url: `${server.issuer}appliance-mfa/api/device-accounts/${String(response.body.id)}`,
        user_id: tenant.user.user_id,
        issuer: 'Tessera Test',
        token: expect.stringMatching(TOKEN),
        totp: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/), algorithm: 'sha1', digits: 6, period: 30 },
      },
    });
    expect(deviceCount()).toBe(2);
    expect(rows(server, "SELECT active FROM authenticators WHERE kind = 'recovery-code'")).toEqual([{ active: 1 }]);
  });
});

describe('refusals: exact bodies, nothing written', () => {
  it('a spent ticket answers as an unknown enrollment transaction, and the reuse is logged', async () => {
    const ticket = await newTicket();
    await enrollWith(ticket);
    const before = await enrollmentState();
    expect(await refusal(enrollWith(ticket))).toEqual({ status: 404, body: NOT_FOUND });
    expect(await enrollmentState()).toEqual(before);
    expect(await auditRows(server, 'gd_start_enroll_failed')).toEqual([
      {
        type: 'gd_start_enroll_failed',
        description: 'MFA Enrollment Failed',
        user_id: tenant.user.user_id,
        client_id: null,
        details: { via: 'enrollment-ticket', reason: 'Enrollment ticket already used' },
      },
    ]);
  });

  it('an expired ticket answers as an unknown enrollment transaction and stays unspent', async () => {
    const ticket = await newTicket();
    server.clock.advance(FIVE_DAYS_MS);
    const before = await enrollmentState();
    expect(await refusal(enrollWith(ticket))).toEqual({ status: 404, body: NOT_FOUND });
    expect(await enrollmentState()).toEqual(before);
    expect(ticketRows()).toEqual([{ factor: null, allow_multiple: 0, used_at: null }]);
  });

  it.each([
    ['an unknown ticket', `gten_${'A'.repeat(32)}`],
    ['a malformed ticket', 'gten_x'],
    ['an unknown enrollment transaction', 'A'.repeat(32)],
  ])('%s answers 404 enrollment_transaction_not_found', async (_label, ticket) => {
    await newTicket();
    const before = await enrollmentState();
    expect(await refusal(enrollWith(ticket))).toEqual({ status: 404, body: NOT_FOUND });
    expect(await enrollmentState()).toEqual(before);
  });

  it('a ticket for the otp factor answers 403 ticket_factor_mismatch and stays usable on its page', async () => {
    const ticket = await newTicket({ factor: 'otp' });
    const before = await enrollmentState();
    expect(await refusal(enrollWith(ticket))).toEqual({ status: 403, body: OTP_TICKET });
    expect(await enrollmentState()).toEqual(before);
    const page = await fetch(`${server.issuer}guardian/enroll?ticket=${ticket}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('desktop-link');
  });

  it('with the push-notification factor off, a ticket answers 403 enrollment_method_disabled', async () => {
    expectOk(await server.management('PUT', '/api/v2/guardian/factors/push-notification', { enabled: false }));
    const ticket = await newTicket();
    const before = await enrollmentState();
    expect(await refusal(enrollWith(ticket))).toEqual({ status: 403, body: PUSH_DISABLED });
    expect(await enrollmentState()).toEqual(before);
    expect(ticketRows()).toEqual([{ factor: null, allow_multiple: 0, used_at: null }]);
  });

  it('a user already enrolled, with a ticket that does not allow more, answers 409 already_enrolled', async () => {
    await enrollPushUser(server, tenant.client, EMAIL, 'Ada’s phone');
    const ticket = await newTicket();
    const before = await enrollmentState();
    expect(await refusal(enrollWith(ticket))).toEqual({ status: 409, body: ALREADY_ENROLLED });
    expect(await enrollmentState()).toEqual(before);
    expect(deviceCount()).toBe(1);
  });

  it('of two devices racing with one ticket, exactly one enrolls', async () => {
    const ticket = await newTicket();
    const results = await Promise.allSettled([enrollWith(ticket), enrollWith(ticket)]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(won.length).toBe(1);
    expect(lost.map((error) => (error instanceof GuardianApiError ? { status: error.status, body: error.body } : error))).toEqual([{ status: 404, body: NOT_FOUND }]);
    expect(deviceCount()).toBe(1);
    expect(rows(server, 'SELECT kind FROM authenticators ORDER BY kind')).toEqual([{ kind: 'push' }, { kind: 'recovery-code' }, { kind: 'totp' }]);
    expect((await auditRows(server, 'gd_enrollment_complete')).length).toBe(1);
  });

  it('a bad public key is refused before the ticket is looked at, and the ticket stays unspent', async () => {
    const ticket = await newTicket();
    const response = await server.call('POST', '/appliance-mfa/api/enroll', {
      headers: { authorization: `Ticket id="${ticket}"` },
      json: { identifier: 'x', name: 'x', public_key: { kty: 'RSA', n: 'A'.repeat(300), e: 'AQAB' } },
    });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'public_key must be an RSA public JWK of at least 2048 bits.', errorCode: 'invalid_body' },
    });
    expect(ticketRows()).toEqual([{ factor: null, allow_multiple: 0, used_at: null }]);
  });
});
