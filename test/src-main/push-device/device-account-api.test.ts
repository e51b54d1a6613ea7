import { importJWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { GuardianApiError, rename, unenroll } from '../../../src-main/push-device';
import { fixedClock } from '../../helpers/clock';
import { memoryAccountStore, sendJson, startFakeGuardian, type FakeGuardian } from './fake-guardian';
import { account, ENROLLMENT_ID, keyStoreWithDeviceKey, NOW_MS, NOW_S, USER_ID } from './fixtures';

let guardian: FakeGuardian | undefined;
afterEach(async () => {
  await guardian?.close();
  guardian = undefined;
});

async function setup(status: number, body?: unknown) {
  guardian = await startFakeGuardian((_req, res) => (body === undefined ? void res.writeHead(status).end() : sendJson(res, status, body)));
  const { keyStore, publicJwk } = await keyStoreWithDeviceKey();
  const enrolled = account(`${guardian.origin}appliance-mfa/`);
  const accountStore = memoryAccountStore([enrolled]);
  const options = { keyStore, accountStore, clock: fixedClock(NOW_MS) };
  const bearerClaims = async () => {
    const token = String(guardian!.requests[0]!.headers.authorization).replace(/^Bearer /, '');
    return (await jwtVerify(token, await importJWK(publicJwk, 'RS256'), { currentDate: new Date(NOW_MS) })).payload;
  };
  return { enrolled, keyStore, accountStore, options, bearerClaims, guardian };
}

describe('unenroll', () => {
  it('deletes the device account with a device JWT, then forgets the key and the account', async () => {
    const { enrolled, keyStore, accountStore, options, bearerClaims, guardian } = await setup(204);
    expect(await unenroll(enrolled, options)).toBe('deleted');
    expect(guardian.requests[0]).toMatchObject({ method: 'DELETE', url: `/appliance-mfa/api/device-accounts/${ENROLLMENT_ID}` });
    expect(await bearerClaims()).toEqual({
      iss: ENROLLMENT_ID,
      sub: USER_ID,
      aud: `${guardian.origin}appliance-mfa/api/device-accounts`,
      iat: NOW_S,
      exp: NOW_S + 7200,
    });
    expect(keyStore.keys.size).toBe(0);
    expect(accountStore.accounts.size).toBe(0);
  });

  it('treats 404 as already unenrolled and still cleans up', async () => {
    const { enrolled, keyStore, accountStore, options } = await setup(404, { statusCode: 404, error: 'Not Found', message: 'gone', errorCode: 'device_account_not_found' });
    expect(await unenroll(enrolled, options)).toBe('already_gone');
    expect(keyStore.keys.size + accountStore.accounts.size).toBe(0);
  });

  it('keeps the local copy when the server refuses', async () => {
    const { enrolled, keyStore, accountStore, options } = await setup(401, { statusCode: 401, error: 'Unauthorized', message: 'bad token', errorCode: 'invalid_token' });
    await expect(unenroll(enrolled, options)).rejects.toBeInstanceOf(GuardianApiError);
    expect(keyStore.keys.size + accountStore.accounts.size).toBe(2);
  });
});

describe('rename', () => {
  it('patches the name and updates the stored account', async () => {
    const { enrolled, accountStore, options, guardian } = await setup(200, { id: ENROLLMENT_ID, name: 'new name' });
    expect(await rename(enrolled, 'new name', options)).toEqual({ ...enrolled, name: 'new name' });
    expect(guardian.requests[0]).toMatchObject({ method: 'PATCH', url: `/appliance-mfa/api/device-accounts/${ENROLLMENT_ID}` });
    expect(guardian.requests[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(guardian.requests[0]!.body)).toEqual({ name: 'new name' });
    expect(accountStore.accounts.get(ENROLLMENT_ID)?.name).toBe('new name');
  });
});
