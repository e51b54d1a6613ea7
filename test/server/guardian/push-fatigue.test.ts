import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deny } from '../../../src-main/push-device/index.js';
import { PUSH_CHALLENGE_TTL_MS } from '../../../server/services/push.js';
import { enrollPushUser, expectOk, listen, loginForMfaToken, pollOob, pushChallenge, pushTenant, startPushLogin, startPushTessera, type PushTenant, type PushTessera, type TestDevice } from '../../helpers/push.js';

const EMAIL = 'ada@example.com';
const PUSH_LOCKED = { error: 'access_denied', error_description: 'Push notifications are locked for this user after a rejected login. Contact your administrator.' };

let server: PushTessera;
let tenant: PushTenant;
let device: TestDevice;
beforeEach(async () => {
  server = await startPushTessera();
  tenant = await pushTenant(server, EMAIL);
  device = (await enrollPushUser(server, tenant.client, EMAIL)).device;
});
afterEach(() => server.close());

/** A push login the device denies: a plain "no" unless `reason` says otherwise ("not_me"). */
async function deniedLogin(reason?: string): Promise<void> {
  const stream = listen(server, device);
  try {
    await stream.opened();
    await startPushLogin(server, tenant.client, EMAIL);
    await deny(device.account, await stream.next(), { keyStore: device.keyStore, ...(reason === undefined ? {} : { reason }) });
  } finally {
    await stream.stop();
  }
}

const fatigue = (count: number, threshold: number, last: string, pushLocked = false) => ({
  user_id: tenant.user.user_id,
  count,
  window_s: 600,
  threshold,
  last,
  push_locked: pushLocked,
});

const fatigueEvents = async () => (await server.app.tessera.store.logs.all()).filter((row) => row.type === 'push_fatigue');

describe('push_fatigue: denied, "not me" and expired pushes over the threshold within the window', () => {
  it('fires after the threshold of denied pushes, once per window; with lock_push it locks push', async () => {
    expectOk(await server.management('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold: 2, window_s: 600, lock_push: true } }));
    await deniedLogin();
    expect((await fatigueEvents())).toEqual([]);
    expect((await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL))).status).toBe(200);

    await deniedLogin();
    const events = await fatigueEvents();
    expect(events.map((row) => [row.user_id, row.description, row.details])).toEqual([
      [tenant.user.user_id, '2 denied, "not me" or expired push notifications within 600 seconds', fatigue(2, 2, 'denied', true)],
    ]);
    const locked = await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL));
    expect({ status: locked.status, body: locked.body }).toEqual({ status: 403, body: PUSH_LOCKED });

    const logs = expectOk(await server.management<{ type: string; description: string; user_id: string }[]>('GET', '/api/v2/logs?q=type:push_fatigue'));
    expect(logs.map((log) => [log.type, log.description, log.user_id])).toEqual([['push_fatigue', '2 denied, "not me" or expired push notifications within 600 seconds', tenant.user.user_id]]);

    expectOk(await server.management('POST', `/api/v2/users/${encodeURIComponent(tenant.user.user_id)}/multifactor/actions/unlock-push`), 204);
    expect((await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL))).status).toBe(200);
  });

  it('without lock_push it records the alert and push keeps working; a third denial in the window adds no second alert', async () => {
    expectOk(await server.management('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold: 2 } }));
    await deniedLogin();
    await deniedLogin();
    await deniedLogin();
    expect((await fatigueEvents()).map((row) => row.details)).toEqual([fatigue(2, 2, 'denied')]);
    expect((await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL))).status).toBe(200);
  });

  it('"this was not me" counts (the default threshold of 3)', async () => {
    expectOk(await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { lock_on_reject: false }));
    await deniedLogin('not_me');
    await deniedLogin();
    expect((await fatigueEvents())).toEqual([]);
    await deniedLogin('not_me');
    expect((await fatigueEvents()).map((row) => row.details)).toEqual([fatigue(3, 3, 'not_me')]);
  });

  it('expired pushes count once each: when polled, or when the next push to the user notices them', async () => {
    const first = await startPushLogin(server, tenant.client, EMAIL);
    await startPushLogin(server, tenant.client, EMAIL);
    server.clock.advance(PUSH_CHALLENGE_TTL_MS);
    const expired = await pollOob(server, tenant.client, first.mfaToken, first.oobCode);
    expect({ status: expired.status, body: expired.body }).toEqual({ status: 403, body: { error: 'expired_token', error_description: 'oob_code is expired' } });
    expect((await fatigueEvents())).toEqual([]);
    expect((await pollOob(server, tenant.client, first.mfaToken, first.oobCode)).status).toBe(403);

    // Both expired requests counted once, by the poll; the third push makes 3, by its expiry noticed by the next request.
    await startPushLogin(server, tenant.client, EMAIL);
    expect((await fatigueEvents())).toEqual([]);
    server.clock.advance(PUSH_CHALLENGE_TTL_MS);
    await startPushLogin(server, tenant.client, EMAIL);
    expect((await fatigueEvents()).map((row) => row.details)).toEqual([fatigue(3, 3, 'expired')]);
  });
});
