import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDeviceTokens,
  DenyReason,
  loadDeviceKey,
  signChallengeResponse,
  signDeviceJwt,
  type DevicePublicJwk,
  type KeyStore,
} from '../../../src-main/push-device';
import { fixedClock } from '../../helpers/clock';
import { account, ENROLLMENT_ID, IDENTIFIER, keyStoreWithDeviceKey, NOW_MS, NOW_S, USER_ID } from './fixtures';

let keyStore: KeyStore;
let publicJwk: DevicePublicJwk;

beforeAll(async () => {
  ({ keyStore, publicJwk } = await keyStoreWithDeviceKey());
});

async function verified(jwt: string) {
  const { payload } = await jwtVerify(jwt, await importJWK(publicJwk, 'RS256'), { currentDate: new Date(NOW_MS) });
  return payload;
}

describe('signDeviceJwt', () => {
  it('signs iss = enrollment id, sub = user id, aud = the device-accounts collection, two hours', async () => {
    const jwt = await signDeviceJwt(account(), await loadDeviceKey(keyStore, ENROLLMENT_ID), NOW_MS + 999);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(await verified(jwt)).toEqual({
      iss: ENROLLMENT_ID,
      sub: USER_ID,
      aud: 'http://127.0.0.1:3000/appliance-mfa/api/device-accounts',
      iat: NOW_S,
      exp: NOW_S + 7200,
    });
  });
});

describe('createDeviceTokens', () => {
  it('reuses a token until five minutes before it expires', async () => {
    const clock = fixedClock(NOW_MS);
    const tokens = createDeviceTokens(keyStore, clock);
    const first = await tokens.get(account());
    clock.advance((7200 - 301) * 1000);
    expect(await tokens.get(account())).toBe(first);
    clock.advance(1000);
    const second = await tokens.get(account());
    expect(second).not.toBe(first);
    expect((await jwtVerify(second, await importJWK(publicJwk, 'RS256'), { currentDate: new Date(clock.now()) })).payload.iat)
      .toBe(NOW_S + 7200 - 300);
  });
});

describe('signChallengeResponse', () => {
  const sign = async (decision: Parameters<typeof signChallengeResponse>[3]) =>
    verified(await signChallengeResponse(account(), await loadDeviceKey(keyStore, ENROLLMENT_ID), 'challenge-1', decision, NOW_MS));
  const common = {
    iss: IDENTIFIER,
    sub: 'challenge-1',
    aud: 'http://127.0.0.1:3000/appliance-mfa/api/resolve-transaction',
    iat: NOW_S,
    exp: NOW_S + 30,
    auth0_guardian_method: 'push',
  };

  it('approves with the picked number: iss is the device identifier, not the enrollment id', async () => {
    expect(await sign({ accepted: true, number: '47' })).toEqual({ ...common, auth0_guardian_accepted: true, tessera_number: '47' });
  });

  it('denies with a reason', async () => {
    expect(await sign({ accepted: false, reason: DenyReason.notMe })).toEqual({
      ...common,
      auth0_guardian_accepted: false,
      auth0_guardian_reason: 'not_me',
    });
  });

  it('leaves optional claims out when there is nothing to say', async () => {
    expect(await sign({ accepted: false })).toEqual({ ...common, auth0_guardian_accepted: false });
  });
});
