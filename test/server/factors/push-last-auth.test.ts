import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approve, deny, DenyReason } from '../../../src-main/push-device';
import { enrollPushUser, expectOk, listen, pollOob, pushTenant, startPushLogin, startPushTessera, type EnrolledUser, type PushTessera } from '../../helpers/push.js';
import type { TestClient } from '../../helpers/server.js';

/**
 * A push approval records the device's last use, as a TOTP step does, in the commit that hands the
 * tokens out; the Management API shows it (`last_auth_at`, `last_auth`). The enrollment itself is no
 * login, and a denied request is none either. Over a listening server and the real device library, on
 * both engines (the server and server-postgres projects).
 */

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TOKENS = { access_token: expect.any(String), id_token: expect.any(String), scope: 'openid', expires_in: expect.any(Number), token_type: 'Bearer' };

describe('last use of a push authenticator', () => {
  let server: PushTessera;
  let client: TestClient;
  let userId: string;
  let ada: EnrolledUser;
  beforeEach(async () => {
    server = await startPushTessera();
    let user: { user_id: string };
    ({ client, user } = await pushTenant(server));
    userId = user.user_id;
    ada = await enrollPushUser(server, client, 'ada@example.com');
  });
  afterEach(() => server.close());

  const get = async <T = unknown>(path: string) => expectOk(await server.management<T>('GET', path));
  /** The methods sorted by type: their order is the store's, not part of the contract. */
  const methods = async () =>
    (await get<Record<string, unknown>[]>(`/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`)).sort((a, b) => String(a.type).localeCompare(String(b.type)));
  const enrollments = () => get<Record<string, unknown>[]>(`/api/v2/users/${encodeURIComponent(userId)}/enrollments`);

  /** A push login the device answers; the poll's answer and the time span the poll ran in. */
  async function pushLogin(answer: 'approve' | 'deny') {
    const stream = listen(server, ada.device);
    await stream.opened();
    const login = await startPushLogin(server, client, 'ada@example.com');
    const request = await stream.next();
    const options = { keyStore: ada.device.keyStore };
    if (answer === 'approve') await approve(ada.device.account, request, { ...options, ...(login.number ? { number: login.number } : {}) });
    else await deny(ada.device.account, request, { ...options, reason: DenyReason.notMe });
    const from = server.clock.now();
    const polled = await pollOob(server, client, login.mfaToken, login.oobCode);
    const to = server.clock.now();
    await stream.stop();
    return { polled, from, to };
  }

  it('shows no last use after the enrollment, then the approval\'s on the method and the enrollment', async () => {
    const [push, recovery] = await methods();
    const linkId = String(push?.link_id);
    const enrolled = { id: `push|${linkId}`, type: 'push', confirmed: true, name: 'Ada’s laptop', authentication_methods: [{ id: `push|${linkId}`, type: 'push' }, { id: `totp|${linkId}`, type: 'totp' }], link_id: linkId, created_at: expect.stringMatching(ISO), enrolled_at: expect.stringMatching(ISO) };
    expect(push).toEqual(enrolled);
    expect(recovery).toEqual({ id: expect.stringMatching(/^recovery-code\|dev_/), type: 'recovery-code', confirmed: true, created_at: expect.stringMatching(ISO), enrolled_at: expect.stringMatching(ISO) });

    const { polled, from, to } = await pushLogin('approve');
    expect({ status: polled.status, body: polled.body }).toEqual({ status: 200, body: TOKENS });

    const [after] = await methods();
    const lastAuth = Date.parse(String(after?.last_auth_at));
    expect(after).toEqual({ ...enrolled, last_auth_at: expect.stringMatching(ISO) });
    // Recorded when the poll spent the approval, not when the device answered.
    expect(lastAuth >= from && lastAuth <= to).toBe(true);
    expect(await enrollments()).toEqual([
      { id: linkId, status: 'confirmed', type: 'pn', name: 'Ada’s laptop', identifier: ada.device.account.identifier, auth_method: 'guardian', enrolled_at: enrolled.enrolled_at, last_auth: after?.last_auth_at },
    ]);
  });

  it('a denied request records no use', async () => {
    const before = await methods();
    const { polled } = await pushLogin('deny');
    expect({ status: polled.status, body: polled.body }).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' } });
    expect(await methods()).toEqual(before);
    expect(before.map((method) => [method.type, method.last_auth_at])).toEqual([['push', undefined], ['recovery-code', undefined]]);
  });
});
