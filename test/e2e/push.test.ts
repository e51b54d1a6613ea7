import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  approve,
  deny,
  DenyReason,
  enrollDevice,
  GuardianApiError,
  loadDeviceKey,
  signChallengeResponse,
  signDeviceJwt,
  unenroll,
  type PushRequest,
} from '../../src-main/push-device';
import {
  BROWSER_UA,
  deviceStores,
  enrollPushUser,
  expectOk,
  listen,
  loginForMfaToken,
  passwordLogin,
  pollOob,
  pushChallenge,
  pushTenant,
  recordingFetch,
  runCli,
  startPushLogin,
  startPushTessera,
  type DeviceStream,
  type PendingLogin,
  type PushTenant,
  type PushTessera,
  type TestDevice,
} from '../helpers/push.js';
import { PUSH_CHALLENGE_TTL_MS } from '../../server/services/push.js';

/**
 * Push end to end over real HTTP: Tessera listening on 127.0.0.1 with a running clock, a browser-side
 * app calling /oauth/token and /mfa/*, and devices driven by the real client library (and the CLI).
 */

const EMAIL = 'ada@example.com';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const LINK_ID = /^dev_[A-Za-z0-9]{16}$/;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const TWO_DIGITS = /^\d{2}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const oauthError = (error: string, description: string) => ({ error, error_description: description });
const PENDING = oauthError('authorization_pending', 'Authorization pending: please repeat the request in a few seconds.');
const REJECTED = oauthError('invalid_grant', 'MFA Authorization rejected.');
const SLOW_DOWN = oauthError('slow_down', 'You are polling faster than allowed. Wait a few seconds before polling again.');
const TOO_MANY_PUSHES = oauthError('too_many_requests', 'Too many push notifications. Wait a minute before retrying.');
const PUSH_LOCKED = oauthError('access_denied', 'Push notifications are locked for this user after a rejected login. Contact your administrator.');

const REASON: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };
const guardianError = (statusCode: number, errorCode: string, message: string) => ({ statusCode, error: REASON[statusCode], message, errorCode });
const INVALID_CHALLENGE = guardianError(401, 'invalid_challenge', 'Invalid challenge_response');
const INVALID_TOKEN = guardianError(401, 'invalid_token', 'Invalid token');
const TRANSACTION_NOT_FOUND = guardianError(404, 'login_transaction_not_found', 'The mfa auth transaction is not active or has already expired');
const UNKNOWN_TXTKN = guardianError(404, 'invalid_token', 'Invalid transaction token');
const NUMBER_MISMATCH = guardianError(403, 'number_mismatch', 'The number picked does not match the one on the sign-in screen; the login was rejected.');

/** The token response of the original password request (scope openid, default audience). */
const TOKENS = { access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid', expires_in: 86400, token_type: 'Bearer' };

let server: PushTessera;
let tenant: PushTenant;
beforeEach(async () => {
  server = await startPushTessera();
  tenant = await pushTenant(server, EMAIL);
});
afterEach(() => server.close());

const poll = (login: Pick<PendingLogin, 'mfaToken' | 'oobCode'>) => pollOob(server, tenant.client, login.mfaToken, login.oobCode);
const resolveUrl = () => `${server.issuer}appliance-mfa/api/resolve-transaction`;

function postResolve(txtkn: string, challengeResponse: string) {
  return server.call('POST', '/appliance-mfa/api/resolve-transaction', { bearer: txtkn, json: { challenge_response: challengeResponse } });
}

async function enrolledDevice(name?: string): Promise<TestDevice> {
  return (await enrollPushUser(server, tenant.client, EMAIL, name)).device;
}

/** A login request created while the device listens, as the device received it. */
async function deliveredLogin(device: TestDevice): Promise<{ login: PendingLogin; request: PushRequest; stream: DeviceStream }> {
  const stream = listen(server, device);
  await stream.opened();
  const login = await startPushLogin(server, tenant.client, EMAIL);
  return { login, request: await stream.next(), stream };
}

/** The library's approval, with the number the sign-in screen shows. */
function approveAs(device: TestDevice, request: PushRequest, login: PendingLogin) {
  return approve(device.account, request, { keyStore: device.keyStore, number: login.number });
}

async function expectTokens(login: Pick<PendingLogin, 'mfaToken' | 'oobCode'>): Promise<Record<string, unknown>> {
  const response = await poll(login);
  expect(response.body).toEqual(TOKENS);
  expect(response.status).toBe(200);
  return response.body;
}

async function expectStillPending(login: PendingLogin): Promise<void> {
  const response = await poll(login);
  expect({ status: response.status, body: response.body }).toEqual({ status: 400, body: PENDING });
}

async function guardianFailure(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GuardianApiError)) throw new Error(`expected a GuardianApiError, got ${String(error)}`);
  return { status: error.status, body: error.body };
}

describe('push enrollment: /mfa/associate, a device enrolls with the library, the poll succeeds', () => {
  it('answers each step with the documented body and lists the push and its linked OTP authenticator', async () => {
    const login = await passwordLogin(server, tenant.client, EMAIL);
    expect(login.status).toBe(403);
    expect(login.body).toEqual({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_token: expect.stringMatching(TOKEN),
      mfa_requirements: { enroll: [{ type: 'push-notification' }, { type: 'otp' }] },
    });
    const mfaToken = login.body.mfa_token as string;

    const associate = await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
      bearer: mfaToken,
      json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
    });
    expect(associate.status).toBe(200);
    expect(associate.headers.get('cache-control')).toBe('no-store');
    const baseUrl = encodeURIComponent(`${server.issuer}appliance-mfa/`).replace(/[.]/g, '\\.');
    expect(associate.body).toEqual({
      authenticator_type: 'oob',
      barcode_uri: expect.stringMatching(new RegExp(`^otpauth://totp/Tessera%20Test:ada%40example\\.com\\?enrollment_tx_id=[A-Za-z0-9]{32}&issuer=Tessera%20Test&base_url=${baseUrl}$`)),
      oob_channel: 'auth0',
      oob_code: expect.stringMatching(TOKEN),
      recovery_codes: [expect.stringMatching(RECOVERY_CODE)],
    });
    const enrollment = { mfaToken, oobCode: associate.body.oob_code };

    const pending = await poll(enrollment);
    expect({ status: pending.status, body: pending.body }).toEqual({ status: 400, body: PENDING });

    const stores = deviceStores(server);
    const account = await enrollDevice({ barcodeUri: associate.body.barcode_uri, name: 'Ada’s laptop', identifier: 'device-ada-1', ...stores });
    expect(account).toEqual({
      enrollmentId: expect.stringMatching(LINK_ID),
      userId: tenant.user.user_id,
      baseUrl: `${server.issuer}appliance-mfa/`,
      identifier: 'device-ada-1',
      issuer: 'Tessera Test',
      name: 'Ada’s laptop',
      // The QR code's label names who signs in (the login card shows it).
      accountLabel: tenant.user.email,
      totp: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/), algorithm: 'sha1', digits: 6, period: 30 },
      enrolledAt: expect.stringMatching(ISO_DATE),
    });
    const privateJwk = JSON.parse(await readFile(join(stores.folder, 'keys', `${account.enrollmentId}.jwk.json`), 'utf8')) as Record<string, unknown>;
    expect(privateJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', d: expect.any(String) });

    await expectTokens(enrollment);
    const suffix = account.enrollmentId;
    const authenticators = await server.call('GET', '/mfa/authenticators', { bearer: mfaToken });
    expect(authenticators.status).toBe(200);
    expect(authenticators.body).toEqual([
      { id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'recovery-code', active: true },
      { id: `push|${suffix}`, authenticator_type: 'oob', oob_channel: 'auth0', name: 'Ada’s laptop', active: true },
      { id: `totp|${suffix}`, authenticator_type: 'otp', active: true },
    ]);

    // The result is handed out once; the enrollment transaction cannot be spent by a second device.
    expect((await poll(enrollment)).body).toEqual(oauthError('invalid_grant', 'Invalid oob_code.'));
    const second = await enrollDevice({ barcodeUri: associate.body.barcode_uri, name: 'Mallory', ...deviceStores(server) }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(GuardianApiError);
    expect((second as GuardianApiError).body).toEqual(
      guardianError(404, 'enrollment_transaction_not_found', 'The mfa enrollment transaction is not active or has expired'),
    );
  });
});

describe('push login: /mfa/challenge, the device stream, approve', () => {
  it('delivers the request with its context and three numbers, and the approved poll returns verifiable tokens', async () => {
    const device = await enrolledDevice();
    const stream = listen(server, device);
    await stream.opened();
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const before = Date.now();
    const challenge = await pushChallenge(server, tenant.client, mfaToken);
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({ challenge_type: 'oob', oob_code: expect.stringMatching(TOKEN), number_challenge: expect.stringMatching(TWO_DIGITS) });
    const login: PendingLogin = { mfaToken, oobCode: challenge.body.oob_code, number: challenge.body.number_challenge };

    const request = await stream.next();
    const after = Date.now();
    expect(request).toEqual({
      transactionId: request.notification.c,
      notification: {
        dai: device.account.enrollmentId,
        txtkn: expect.stringMatching(TOKEN),
        c: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        d: expect.stringMatching(ISO_DATE),
        sh: new URL(server.issuer).host,
        s: { b: { n: 'Chrome', v: '126.0.6478.126' }, os: { n: 'Linux', v: '' } },
        l: { n: 'Unknown' },
        tessera: {
          client_name: 'Push Console',
          ip: '127.0.0.1',
          user_agent: BROWSER_UA,
          requested_at: request.notification.d,
          number_choices: [expect.stringMatching(TWO_DIGITS), expect.stringMatching(TWO_DIGITS), expect.stringMatching(TWO_DIGITS)],
          expires_at: new Date(Date.parse(request.notification.d ?? '') + PUSH_CHALLENGE_TTL_MS).toISOString(),
        },
      },
    });
    const requestedAt = Date.parse(request.notification.d ?? '');
    expect(requestedAt).toBeGreaterThanOrEqual(before);
    expect(requestedAt).toBeLessThanOrEqual(after);
    const choices = request.notification.tessera.number_choices ?? [];
    expect(new Set(choices).size).toBe(3);
    expect(choices).toContain(login.number);

    await expectStillPending(login);
    expect(stream.resolutions).toEqual([]);
    await approveAs(device, request, login);
    // Tessera tells the devices it asked that the request is settled, so approval screens close.
    expect(await stream.resolved()).toEqual([{ enrollmentId: device.account.enrollmentId, transactionId: request.transactionId, status: 'accepted' }]);
    const tokens = await expectTokens(login);

    const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', server.issuer));
    const access = await jwtVerify(tokens.access_token as string, jwks, { issuer: server.issuer, audience: `${server.issuer}userinfo`, algorithms: ['RS256'] });
    expect(access.payload).toEqual({
      iss: server.issuer,
      sub: tenant.user.user_id,
      aud: `${server.issuer}userinfo`,
      azp: tenant.client.client_id,
      scope: 'openid',
      gty: 'password',
      iat: expect.any(Number),
      exp: (access.payload.iat ?? 0) + 86400,
    });
    expect(Math.abs((access.payload.iat ?? 0) * 1000 - Date.now())).toBeLessThan(10_000);
    const id = await jwtVerify(tokens.id_token as string, jwks, { issuer: server.issuer, audience: tenant.client.client_id, algorithms: ['RS256'] });
    expect(id.payload.sub).toBe(tenant.user.user_id);

    // Handed out once.
    expect((await poll(login)).body).toEqual(oauthError('invalid_grant', 'Invalid oob_code.'));
  });
});

describe('resolve-transaction refusals: each leaves the login pending', () => {
  /** The library's claims (src-main/push-device/challenge-response.ts), with one thing wrong per case. */
  interface Forgery {
    name: string;
    key?: () => Promise<CryptoKey>;
    claims: (base: JWTPayload & { iat: number }) => JWTPayload;
  }
  const forgeries: Forgery[] = [
    { name: 'aud is the device-accounts URL', claims: (base) => ({ ...base, aud: `${server.issuer}appliance-mfa/api/device-accounts` }) },
    { name: 'aud names another server', claims: (base) => ({ ...base, aud: 'http://127.0.0.1:1/appliance-mfa/api/resolve-transaction' }) },
    { name: 'signed by another RSA key', key: async () => (await generateKeyPair('RS256')).privateKey, claims: (base) => base },
    { name: 'expired (exp two minutes ago)', claims: (base) => ({ ...base, iat: base.iat - 150, exp: base.iat - 120 }) },
    { name: 'exp an hour ahead', claims: (base) => ({ ...base, exp: base.iat + 3600 }) },
    { name: 'exp more than 30 s after iat', claims: (base) => ({ ...base, exp: base.iat + 60 }) },
    { name: 'no iat', claims: ({ iat: _iat, ...base }) => base },
    { name: 'sub is not the challenge', claims: (base) => ({ ...base, sub: 'not-the-challenge' }) },
    { name: 'iss is not the device identifier', claims: (base) => ({ ...base, iss: 'another-device' }) },
    { name: 'no auth0_guardian_method', claims: ({ auth0_guardian_method: _method, ...base }) => base },
  ];

  it.each(forgeries)('$name → 401 invalid_challenge, still pending, then approvable', async ({ key, claims }) => {
    const device = await enrolledDevice();
    const { login, request } = await deliveredLogin(device);
    const iat = Math.floor(Date.now() / 1000);
    const base = {
      iss: device.account.identifier,
      sub: request.notification.c,
      aud: resolveUrl(),
      iat,
      exp: iat + 30,
      auth0_guardian_method: 'push',
      auth0_guardian_accepted: true,
      tessera_number: login.number,
    };
    const signingKey = key ? await key() : await loadDeviceKey(device.keyStore, device.account.enrollmentId);
    const forged = await new SignJWT(claims(base))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .sign(signingKey);

    const refused = await postResolve(request.notification.txtkn, forged);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 401, body: INVALID_CHALLENGE });
    await expectStillPending(login);

    await approveAs(device, request, login);
    await expectTokens(login);
  });

  it('refuses a replayed accepted response with 404 login_transaction_not_found, and an unknown txtkn with 404 invalid_token', async () => {
    const device = await enrolledDevice();
    const { login, request } = await deliveredLogin(device);
    const key = await loadDeviceKey(device.keyStore, device.account.enrollmentId);
    const response = await signChallengeResponse(device.account, key, request.notification.c, { accepted: true, number: login.number }, Date.now());

    const accepted = await postResolve(request.notification.txtkn, response);
    expect({ status: accepted.status, body: accepted.body }).toEqual({ status: 204, body: undefined });
    const replay = await postResolve(request.notification.txtkn, response);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 404, body: TRANSACTION_NOT_FOUND });
    await expectTokens(login);
    const afterConsumed = await postResolve(request.notification.txtkn, response);
    expect({ status: afterConsumed.status, body: afterConsumed.body }).toEqual({ status: 404, body: TRANSACTION_NOT_FOUND });

    const unknown = await postResolve('x'.repeat(43), response);
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 404, body: UNKNOWN_TXTKN });
  });
});

describe('number matching, deny and lock', () => {
  it('a wrong number rejects the login: 403 number_mismatch, the poll is rejected, gd_auth_rejected is logged', async () => {
    const device = await enrolledDevice();
    const { login, request, stream } = await deliveredLogin(device);
    const decoy = (request.notification.tessera.number_choices ?? []).find((n) => n !== login.number);
    expect(decoy).toMatch(TWO_DIGITS);

    const refused = await guardianFailure(approve(device.account, request, { keyStore: device.keyStore, number: decoy }));
    expect(refused).toEqual({ status: 403, body: NUMBER_MISMATCH });
    expect(await stream.resolved()).toEqual([{ enrollmentId: device.account.enrollmentId, transactionId: request.transactionId, status: 'rejected' }]);
    const polled = await poll(login);
    expect({ status: polled.status, body: polled.body }).toEqual({ status: 403, body: REJECTED });
    // Rejected is final: the right number no longer helps.
    const late = await guardianFailure(approveAs(device, request, login));
    expect(late).toEqual({ status: 404, body: TRANSACTION_NOT_FOUND });

    const logs = await server.management('GET', `/api/v2/logs?q=${encodeURIComponent('type:"gd_auth_rejected"')}`);
    expect(logs.status).toBe(200);
    expect(logs.body).toEqual([
      {
        log_id: expect.any(String),
        date: expect.stringMatching(ISO_DATE),
        type: 'gd_auth_rejected',
        description: 'MFA Auth rejected',
        client_id: tenant.client.client_id,
        client_name: 'Push Console',
        ip: '127.0.0.1',
        user_agent: expect.any(String),
        user_id: tenant.user.user_id,
        user_name: EMAIL,
        details: { device_id: device.account.enrollmentId, reason: 'number_mismatch', method: 'push' },
      },
    ]);
  });

  it('deny → the poll answers "MFA Authorization rejected."; a plain deny does not lock push', async () => {
    await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { lock_on_reject: true });
    const device = await enrolledDevice();
    const { login, request } = await deliveredLogin(device);
    await deny(device.account, request, { keyStore: device.keyStore });
    const polled = await poll(login);
    expect({ status: polled.status, body: polled.body }).toEqual({ status: 403, body: REJECTED });

    const next = await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL));
    expect(next.status).toBe(200);
  });

  it('"not me" with lock_on_reject locks push until an admin unlocks it', async () => {
    const settings = await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { lock_on_reject: true });
    expect({ status: settings.status, body: settings.body }).toEqual({ status: 200, body: { number_matching: true, lock_on_reject: true } });
    const device = await enrolledDevice();
    const stream = listen(server, device);
    await stream.opened();
    const login = await startPushLogin(server, tenant.client, EMAIL);
    await deny(device.account, await stream.next(), { keyStore: device.keyStore, reason: DenyReason.notMe });
    expect((await poll(login)).body).toEqual(REJECTED);

    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const locked = await pushChallenge(server, tenant.client, mfaToken);
      expect({ status: locked.status, body: locked.body }).toEqual({ status: 403, body: PUSH_LOCKED });
    }
    expect(stream.queued).toEqual([]);

    const unlock = await server.management('POST', `/api/v2/users/${encodeURIComponent(tenant.user.user_id)}/multifactor/actions/unlock-push`);
    expect({ status: unlock.status, body: unlock.body }).toEqual({ status: 204, body: undefined });
    const challenge = expectOk(await pushChallenge(server, tenant.client, mfaToken));
    const request = await stream.next();
    await approveAs(device, request, { mfaToken, oobCode: challenge.oob_code, number: challenge.number_challenge });
    await expectTokens({ mfaToken, oobCode: challenge.oob_code });
  });

  it('with number matching off there is no number_challenge, no choices, and approve needs no number', async () => {
    const settings = await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { number_matching: false });
    expect(settings.body).toEqual({ number_matching: false, lock_on_reject: false });
    const device = await enrolledDevice();
    const stream = listen(server, device);
    await stream.opened();
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const challenge = await pushChallenge(server, tenant.client, mfaToken);
    expect({ status: challenge.status, body: challenge.body }).toEqual({ status: 200, body: { challenge_type: 'oob', oob_code: expect.stringMatching(TOKEN) } });
    const request = await stream.next();
    expect(request.notification.tessera.number_choices).toBeNull();
    await approve(device.account, request, { keyStore: device.keyStore });
    await expectTokens({ mfaToken, oobCode: challenge.body.oob_code });
  });
});

describe('rate limits', () => {
  it('the 13th poll within a minute answers slow_down', async () => {
    await enrolledDevice();
    const login = await startPushLogin(server, tenant.client, EMAIL);
    for (let i = 0; i < 12; i += 1) await expectStillPending(login);
    const thirteenth = await poll(login);
    expect({ status: thirteenth.status, body: thirteenth.body }).toEqual({ status: 400, body: SLOW_DOWN });
  });

  it('the 6th push in a row answers 429', async () => {
    await enrolledDevice();
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    for (let i = 0; i < 5; i += 1) expect((await pushChallenge(server, tenant.client, mfaToken)).status).toBe(200);
    const sixth = await pushChallenge(server, tenant.client, mfaToken);
    expect({ status: sixth.status, body: sixth.body }).toEqual({ status: 429, body: TOO_MANY_PUSHES });
  });
});

describe('the device stream across reconnects', () => {
  it('replays a request created while the device was offline, but never a resolved or expired one', async () => {
    const device = await enrolledDevice();
    const first = listen(server, device);
    await first.opened();
    const resolved = await startPushLogin(server, tenant.client, EMAIL);
    const resolvedRequest = await first.next();
    await approveAs(device, resolvedRequest, resolved);
    await first.stop();

    const offline = await startPushLogin(server, tenant.client, EMAIL);
    const second = listen(server, device);
    const replayed = await second.next();
    expect(replayed.notification.c).not.toBe(resolvedRequest.notification.c);
    expect(replayed.notification.tessera.number_choices).toContain(offline.number);
    await approveAs(device, replayed, offline);
    await expectTokens(offline);
    await expectTokens(resolved);
    await second.stop();

    // A request left unanswered past its 5 minutes is not replayed; a fresh one made after it is.
    await startPushLogin(server, tenant.client, EMAIL);
    server.clock.advance(5 * 60_000 + 1_000);
    const fresh = await startPushLogin(server, tenant.client, EMAIL);
    const third = listen(server, device);
    await third.opened();
    const delivered = await third.next();
    expect(delivered.notification.tessera.number_choices).toContain(fresh.number);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third.queued).toEqual([]);
  });
});

describe('device unenroll', () => {
  it('removes push and its linked OTP, closes the stream, and refuses the device JWT afterwards', async () => {
    const { device, mfaToken } = await enrollPushUser(server, tenant.client, EMAIL);
    const stream = listen(server, device, { sleep: () => new Promise((resolve) => setTimeout(resolve, 10)) });
    await stream.opened();
    const key = await loadDeviceKey(device.keyStore, device.account.enrollmentId);
    const recorded = recordingFetch();

    const result = await unenroll(device.account, { keyStore: device.keyStore, accountStore: device.accountStore, fetch: recorded.fetch });
    expect(result).toBe('deleted');
    expect(recorded.statuses).toEqual([
      { method: 'DELETE', url: `${server.issuer}appliance-mfa/api/device-accounts/${device.account.enrollmentId}`, status: 204 },
    ]);
    expect(await device.keyStore.load(device.account.enrollmentId)).toBeUndefined();
    expect(await device.accountStore.list()).toEqual([]);

    const list = await server.call<{ id: string }[]>('GET', '/mfa/authenticators', { bearer: mfaToken });
    expect(list.body).toEqual([{ id: expect.stringMatching(/^recovery-code\|/), authenticator_type: 'recovery-code', active: true }]);

    const closed = await stream.closed;
    expect(stream.states.map((state) => state.status)).toContain('retrying');
    expect(closed.status).toBe('closed');
    expect(closed.reason).toBe('rejected');
    if (closed.reason !== 'rejected') throw new Error('unreachable');
    expect({ status: closed.error.status, body: closed.error.body }).toEqual({ status: 401, body: INVALID_TOKEN });

    const deviceJwt = await signDeviceJwt(device.account, key, Date.now());
    const url = `/appliance-mfa/api/device-accounts/${device.account.enrollmentId}`;
    for (const [method, path] of [['DELETE', url], ['PATCH', url], ['GET', `${url}/events`]] as const) {
      const refused = await server.call(method, path, { bearer: deviceJwt, ...(method === 'PATCH' ? { json: { name: 'Renamed' } } : {}) });
      expect({ method, status: refused.status, body: refused.body }).toEqual({ method, status: 401, body: INVALID_TOKEN });
    }

    // With push gone the user is asked to enroll again.
    const again = await passwordLogin(server, tenant.client, EMAIL);
    expect(again.body).toMatchObject({ error: 'mfa_required', mfa_requirements: { enroll: [{ type: 'push-notification' }, { type: 'otp' }] } });
  });
});

describe('the tessera CLI', () => {
  it('device enroll, then device listen --approve --number NN --once approves a pending login', async () => {
    const home = server.tempDir('tessera-cli-home-');
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const association = expectOk(
      await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
        bearer: mfaToken,
        json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
      }),
    );
    const enrolled = await runCli(['device', 'enroll', association.barcode_uri, '--name', 'CLI'], home).exited;
    expect(enrolled).toMatchObject({ code: 0, stderr: '' });
    expect(enrolled.stdout).toMatch(/^Enrolled for push:\ndev_[A-Za-z0-9]{16}\n/);
    await expectTokens({ mfaToken, oobCode: association.oob_code });
    const listed = await server.call<{ id: string; name?: string }[]>('GET', '/mfa/authenticators', { bearer: mfaToken });
    expect(listed.body.find((authenticator) => authenticator.id.startsWith('push|'))).toMatchObject({ name: 'CLI', active: true });

    const login = await startPushLogin(server, tenant.client, EMAIL);
    const listened = await runCli(['device', 'listen', '--approve', '--number', login.number ?? '', '--once'], home).exited;
    expect(listened.code).toBe(0);
    expect(listened.stdout).toContain(`approved with ${login.number}`);
    await expectTokens(login);
  });

  it('device listen --approve --once, started first, approves the login that follows (number matching off)', async () => {
    await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { number_matching: false });
    const home = server.tempDir('tessera-cli-home-');
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const association = expectOk(
      await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
        bearer: mfaToken,
        json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
      }),
    );
    expect((await runCli(['device', 'enroll', association.barcode_uri, '--name', 'CLI'], home).exited).code).toBe(0);
    await expectTokens({ mfaToken, oobCode: association.oob_code });

    const listener = runCli(['device', 'listen', '--approve', '--once'], home);
    await listener.waitForStderr(/listening for login requests/);
    const login = await startPushLogin(server, tenant.client, EMAIL);
    const exit = await listener.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('Login request');
    expect(exit.stdout).toContain('approved');
    await expectTokens(login);
  });
});
