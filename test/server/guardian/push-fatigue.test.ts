import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deny } from '../../../src-main/push-device/index.js';
import { enrollPushUser, expectOk, listen, loginForMfaToken, pushChallenge, pushTenant, startPushLogin, startPushTessera, type PushTenant, type PushTessera, type TestDevice } from '../../helpers/push.js';

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

/** A push login the device denies (a plain "no", not "this was not me"). */
async function deniedLogin(): Promise<void> {
  const stream = listen(server, device);
  try {
    await stream.opened();
    await startPushLogin(server, tenant.client, EMAIL);
    await deny(device.account, await stream.next(), { keyStore: device.keyStore });
  } finally {
    await stream.stop();
  }
}

const fatigueEvents = () => server.app.tessera.store.logs.all().filter((row) => row.type === 'push_fatigue');

describe('push_fatigue: denied pushes over the threshold within the window', () => {
  it('fires after the threshold of denied pushes, once per window; with lock_push it locks push', async () => {
    expectOk(await server.management('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold: 2, window_s: 600, lock_push: true } }));
    await deniedLogin();
    expect(fatigueEvents()).toEqual([]);
    expect((await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL))).status).toBe(200);

    await deniedLogin();
    const events = fatigueEvents();
    expect(events.map((row) => [row.user_id, row.description, JSON.parse(row.details)])).toEqual([
      [tenant.user.user_id, '2 denied push notifications within 600 seconds', { denied: 2, threshold: 2, window_s: 600, push_locked: true }],
    ]);
    const locked = await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL));
    expect({ status: locked.status, body: locked.body }).toEqual({ status: 403, body: PUSH_LOCKED });

    const logs = expectOk(await server.management<{ type: string; description: string; user_id: string }[]>('GET', '/api/v2/logs?q=type:push_fatigue'));
    expect(logs.map((log) => [log.type, log.description, log.user_id])).toEqual([['push_fatigue', '2 denied push notifications within 600 seconds', tenant.user.user_id]]);
  });

  it('without lock_push it records the alert and push keeps working; a third denial in the window adds no second alert', async () => {
    expectOk(await server.management('PATCH', '/api/v2/guardian/alerts', { push_fatigue: { threshold: 2 } }));
    await deniedLogin();
    await deniedLogin();
    await deniedLogin();
    expect(fatigueEvents().map((row) => JSON.parse(row.details))).toEqual([{ denied: 2, threshold: 2, window_s: 600, push_locked: false }]);
    expect((await pushChallenge(server, tenant.client, await loginForMfaToken(server, tenant.client, EMAIL))).status).toBe(200);
  });
});
