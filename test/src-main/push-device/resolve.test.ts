import { importJWK, jwtVerify } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  approve,
  deny,
  DenyReason,
  GuardianApiError,
  PushDeviceError,
  type DevicePublicJwk,
  type KeyStore,
  type PushRequest,
} from '../../../src-main/push-device';
import { fixedClock } from '../../helpers/clock';
import { sendJson, startFakeGuardian, type FakeGuardian } from './fake-guardian';
import { account, IDENTIFIER, keyStoreWithDeviceKey, NOW_MS, NOW_S, pushData } from './fixtures';

let keyStore: KeyStore;
let publicJwk: DevicePublicJwk;
let guardian: FakeGuardian | undefined;

beforeAll(async () => {
  ({ keyStore, publicJwk } = await keyStoreWithDeviceKey());
});
afterEach(async () => {
  await guardian?.close();
  guardian = undefined;
});

function request(numberChoices: string[] | null): PushRequest {
  const data = pushData('txtkn-1');
  return { transactionId: 'tx_1', notification: { ...data, tessera: { ...data.tessera, number_choices: numberChoices } } };
}

async function resolveAgainstFake(act: (options: { keyStore: KeyStore; clock: ReturnType<typeof fixedClock> }, base: string) => Promise<void>) {
  guardian = await startFakeGuardian((_req, res) => void res.writeHead(204).end());
  const base = `${guardian.origin}appliance-mfa/`;
  await act({ keyStore, clock: fixedClock(NOW_MS) }, base);
  const [sent] = guardian.requests;
  expect(sent).toMatchObject({ method: 'POST', url: '/appliance-mfa/api/resolve-transaction' });
  expect(sent!.headers).toMatchObject({ authorization: 'Bearer txtkn-1', 'content-type': 'application/json' });
  const body = JSON.parse(sent!.body) as { challenge_response: string };
  expect(Object.keys(body)).toEqual(['challenge_response']);
  const { payload } = await jwtVerify(body.challenge_response, await importJWK(publicJwk, 'RS256'), { currentDate: new Date(NOW_MS) });
  return { payload, base };
}

const claims = (base: string) => ({
  iss: IDENTIFIER,
  sub: 'challenge-txtkn-1',
  aud: `${base}api/resolve-transaction`,
  iat: NOW_S,
  exp: NOW_S + 30,
  auth0_guardian_method: 'push',
});

describe('approve and deny', () => {
  it('approves with the picked number', async () => {
    const { payload, base } = await resolveAgainstFake((o, b) => approve(account(b), request(['12', '47', '83']), { ...o, number: '47' }));
    expect(payload).toEqual({ ...claims(base), auth0_guardian_accepted: true, tessera_number: '47' });
  });

  it('approves without a number when number matching is off, ignoring one given', async () => {
    const { payload, base } = await resolveAgainstFake((o, b) => approve(account(b), request(null), { ...o, number: '47' }));
    expect(payload).toEqual({ ...claims(base), auth0_guardian_accepted: true });
  });

  it("denies with 'not_me'", async () => {
    const { payload, base } = await resolveAgainstFake((o, b) => deny(account(b), request(null), { ...o, reason: DenyReason.notMe }));
    expect(payload).toEqual({ ...claims(base), auth0_guardian_accepted: false, auth0_guardian_reason: 'not_me' });
  });

  it.each([
    ['no number', undefined],
    ['a number that was not offered', '99'],
    ['a malformed number', '4'],
  ])('refuses to approve a number-matching login with %s, without calling the server', async (_name, number) => {
    await expect(approve(account('http://127.0.0.1:9/appliance-mfa/'), request(['12', '47', '83']), { keyStore, number }))
      .rejects.toThrow(PushDeviceError);
  });

  it('surfaces a rejected resolution as GuardianApiError', async () => {
    const error = { statusCode: 404, error: 'Not Found', message: 'Invalid transaction token', errorCode: 'invalid_token' };
    guardian = await startFakeGuardian((_req, res) => sendJson(res, 404, error));
    const failure = await deny(account(`${guardian.origin}appliance-mfa/`), request(null), { keyStore }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GuardianApiError);
    expect(failure).toMatchObject({ status: 404, errorCode: 'invalid_token', message: '404 invalid_token: Invalid transaction token' });
  });
});
