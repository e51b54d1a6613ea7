import { importJWK, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollDevice, enrollDeviceWithTicket, EnrollmentUriError, GuardianApiError, loadDeviceKey, PushDeviceError } from '../../../src-main/push-device';
import { fixedClock } from '../../helpers/clock';
import { memoryAccountStore, memoryKeyStore, sendJson, startFakeGuardian, type FakeGuardian } from './fake-guardian';
import { ENROLLMENT_ID, IDENTIFIER, NOW_MS, USER_ID } from './fixtures';

const ENROLL_RESPONSE = {
  id: ENROLLMENT_ID,
  url: 'http://127.0.0.1/appliance-mfa/api/device-accounts/dev_0123456789abcdef',
  user_id: USER_ID,
  issuer: 'Tessera',
  token: 'legacy-device-token',
  totp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 },
};

let guardian: FakeGuardian | undefined;
afterEach(async () => {
  await guardian?.close();
  guardian = undefined;
});

const barcode = (origin: string) =>
  `otpauth://totp/Tessera:alice?enrollment_tx_id=tx_Enroll1&base_url=${encodeURIComponent(origin)}`;

describe('enrollDevice', () => {
  it('posts the ticket, device identity and public key, then stores the key and the account', async () => {
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 201, ENROLL_RESPONSE));
    const keyStore = memoryKeyStore();
    const accountStore = memoryAccountStore();
    const account = await enrollDevice({
      barcodeUri: barcode(guardian.origin),
      name: 'alice laptop',
      identifier: IDENTIFIER,
      keyStore,
      accountStore,
      clock: fixedClock(NOW_MS),
    });

    const [request] = guardian.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/appliance-mfa/api/enroll' });
    expect(request!.headers).toMatchObject({ authorization: 'Ticket id="tx_Enroll1"', 'content-type': 'application/json' });
    const body = JSON.parse(request!.body);
    expect(body).toEqual({
      identifier: IDENTIFIER,
      name: 'alice laptop',
      push_credentials: { service: 'TESSERA_SSE', token: IDENTIFIER },
      public_key: { kty: 'RSA', n: expect.any(String), e: 'AQAB', alg: 'RS256', use: 'sig' },
    });
    expect(Buffer.from(body.public_key.n, 'base64url').length).toBe(256);

    const expected = {
      enrollmentId: ENROLLMENT_ID,
      userId: USER_ID,
      baseUrl: `${guardian.origin}appliance-mfa/`,
      identifier: IDENTIFIER,
      issuer: 'Tessera',
      name: 'alice laptop',
      // The QR code's label (Tessera:alice): who the device approves sign-ins for.
      accountLabel: 'alice',
      totp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'sha1', digits: 6, period: 30 },
      enrolledAt: '2026-11-23T12:00:00.000Z',
    };
    expect(account).toEqual(expected);
    expect(accountStore.accounts.get(ENROLLMENT_ID)).toEqual(expected);

    // The stored private key is the one whose public half the server received.
    const signed = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).sign(await loadDeviceKey(keyStore, ENROLLMENT_ID));
    await expect(jwtVerify(signed, await importJWK(body.public_key, 'RS256'))).resolves.toBeDefined();
  });

  it('surfaces a Guardian error body and stores nothing', async () => {
    const error = { statusCode: 404, error: 'Not Found', message: 'The mfa enrollment transaction is not active or has expired', errorCode: 'enrollment_transaction_not_found' };
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 404, error));
    const keyStore = memoryKeyStore();
    const failure = await enrollDevice({ barcodeUri: barcode(guardian.origin), name: 'x', keyStore }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GuardianApiError);
    expect(failure).toMatchObject({ status: 404, errorCode: 'enrollment_transaction_not_found', body: error });
    expect(keyStore.keys.size).toBe(0);
  });

  it.each([
    ['no id', { ...ENROLL_RESPONSE, id: undefined }],
    ['no user_id', { ...ENROLL_RESPONSE, user_id: 5 }],
    ['an unknown TOTP algorithm', { ...ENROLL_RESPONSE, totp: { secret: 'A', algorithm: 'md5' } }],
  ])('refuses an enroll answer with %s', async (_name, response) => {
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 201, response));
    const keyStore = memoryKeyStore();
    await expect(enrollDevice({ barcodeUri: barcode(guardian.origin), name: 'x', keyStore })).rejects.toThrow(PushDeviceError);
    expect(keyStore.keys.size).toBe(0);
  });

  it('fills TOTP defaults and accepts an answer without totp', async () => {
    const answers = [{ ...ENROLL_RESPONSE, totp: { secret: 'S' } }, { ...ENROLL_RESPONSE, totp: undefined }];
    guardian = await startFakeGuardian((_req, res, index) => sendJson(res, 200, answers[index]));
    const enroll = () => enrollDevice({ barcodeUri: barcode(guardian!.origin), name: 'x', keyStore: memoryKeyStore() });
    expect((await enroll()).totp).toEqual({ secret: 'S', algorithm: 'sha1', digits: 6, period: 30 });
    expect((await enroll()).totp).toBeNull();
  });
});

describe('enrollDeviceWithTicket', () => {
  const TICKET = 'gten_8b2f5e90d2c848dc9230d34f';
  const RECOVERY_CODE = 'FA45S1Z87MYARX9RG6EVMAPE';

  it.each([
    ['the issuer URL', (origin: string) => origin],
    ['the issuer without its trailing slash', (origin: string) => origin.replace(/\/$/, '')],
    ['a base URL that already names appliance-mfa', (origin: string) => `${origin}appliance-mfa`],
  ])('from %s: posts Ticket id="gten_…" to {base}/api/enroll, returns the recovery code and stores the account without it', async (_label, issuerOf) => {
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 201, { ...ENROLL_RESPONSE, recovery_code: RECOVERY_CODE }));
    const keyStore = memoryKeyStore();
    const accountStore = memoryAccountStore();
    const enrolled = await enrollDeviceWithTicket({
      ticket: TICKET,
      issuer: issuerOf(guardian.origin),
      name: 'alice laptop',
      identifier: IDENTIFIER,
      keyStore,
      accountStore,
      clock: fixedClock(NOW_MS),
    });

    const [request] = guardian.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/appliance-mfa/api/enroll' });
    expect(request!.headers).toMatchObject({ authorization: `Ticket id="${TICKET}"`, 'content-type': 'application/json' });
    expect(JSON.parse(request!.body)).toEqual({
      identifier: IDENTIFIER,
      name: 'alice laptop',
      push_credentials: { service: 'TESSERA_SSE', token: IDENTIFIER },
      public_key: { kty: 'RSA', n: expect.any(String), e: 'AQAB', alg: 'RS256', use: 'sig' },
    });
    const account = {
      enrollmentId: ENROLLMENT_ID,
      userId: USER_ID,
      baseUrl: `${guardian.origin}appliance-mfa/`,
      identifier: IDENTIFIER,
      issuer: 'Tessera',
      name: 'alice laptop',
      totp: { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'sha1', digits: 6, period: 30 },
      enrolledAt: '2026-11-23T12:00:00.000Z',
    };
    expect(enrolled).toEqual({ account, recoveryCode: RECOVERY_CODE });
    // The recovery code is the caller's to show once: neither the account file nor the key store holds it.
    expect(accountStore.accounts.get(ENROLLMENT_ID)).toEqual(account);
    expect(JSON.stringify([...accountStore.accounts.values(), ...keyStore.keys.values()])).not.toContain(RECOVERY_CODE);
  });

  it('answers recoveryCode null when the server issued none', async () => {
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 201, ENROLL_RESPONSE));
    const enrolled = await enrollDeviceWithTicket({ ticket: TICKET, issuer: guardian.origin, name: 'x', keyStore: memoryKeyStore() });
    expect(enrolled.recoveryCode).toBeNull();
  });

  it('refuses an enroll answer whose recovery_code is not a string, storing no key', async () => {
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 201, { ...ENROLL_RESPONSE, recovery_code: 42 }));
    const keyStore = memoryKeyStore();
    await expect(enrollDeviceWithTicket({ ticket: TICKET, issuer: guardian.origin, name: 'x', keyStore })).rejects.toThrow(
      new PushDeviceError('enroll response recovery_code is not a string'),
    );
    expect(keyStore.keys.size).toBe(0);
  });

  it('surfaces the server’s refusal with its Guardian error body', async () => {
    const error = { statusCode: 403, error: 'Forbidden', message: 'This enrollment ticket is for the otp factor, not push-notification.', errorCode: 'ticket_factor_mismatch' };
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 403, error));
    const failure = await enrollDeviceWithTicket({ ticket: TICKET, issuer: guardian.origin, name: 'x', keyStore: memoryKeyStore() }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GuardianApiError);
    expect(failure).toMatchObject({ status: 403, errorCode: 'ticket_factor_mismatch', body: error });
  });

  it.each([
    ['an empty ticket', '', 'http://127.0.0.1:1/', new EnrollmentUriError('the enrollment ticket is not valid')],
    ['a ticket with a quote', 'gten_a"b', 'http://127.0.0.1:1/', new EnrollmentUriError('the enrollment ticket is not valid')],
    ['a ticket with a space', 'gten_a b', 'http://127.0.0.1:1/', new EnrollmentUriError('the enrollment ticket is not valid')],
    ['a ticket with a line break', 'gten_a\r\nX-Evil: 1', 'http://127.0.0.1:1/', new EnrollmentUriError('the enrollment ticket is not valid')],
    ['a file: issuer', TICKET, 'file:///etc/', new EnrollmentUriError('base_url must be http or https, got file:')],
    ['an issuer that is no URL', TICKET, 'tessera', new EnrollmentUriError('base_url is not a URL: tessera')],
  ])('refuses %s before any request', async (_label, ticket, issuer, expected) => {
    const calls: string[] = [];
    const fetchSpy = async (input: string) => (calls.push(input), new Response(null, { status: 500 }));
    await expect(enrollDeviceWithTicket({ ticket, issuer, name: 'x', keyStore: memoryKeyStore(), fetch: fetchSpy })).rejects.toThrow(expected);
    expect(calls).toEqual([]);
  });
});
