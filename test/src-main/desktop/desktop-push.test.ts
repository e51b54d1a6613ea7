import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PUSH_KEY_SERVICE } from '../../../src-main/desktop/push-key-store';
import {
  BROWSER_UA,
  embeddedServerApi,
  expectOk,
  loginForMfaToken,
  pollOob,
  pushTenant,
  startPushLogin,
  withTimeout,
} from '../../helpers/push.js';
import { nextPending, startDesktop, valueOf } from './desktop-fixture';
import { freePort } from './ports';

const EMAIL = 'ada@example.com';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;


describe('push device channels against the embedded server', () => {
  it('enrolls from a barcode_uri, lists a login with its context, and approving with the number signs it in', async () => {
    const fixture = await startDesktop();
    const { desktop, secretStore, adapters } = fixture;
    const port = await freePort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: port }));
    const { url } = await desktop.handlers['server:start']();
    const server = embeddedServerApi(fixture.dataDir, url!);
    const tenant = await pushTenant(server, EMAIL);

    // Enrollment: mfa_required → /mfa/associate → the desktop enrolls from the barcode → the poll succeeds.
    const enrollToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const association = expectOk(await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
      bearer: enrollToken, json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
    }));
    const device = valueOf(await desktop.handlers['push:enroll'](association.barcode_uri, 'Ada’s desktop'));
    expect(device).toEqual({
      enrollmentId: expect.stringMatching(/^dev_/), userId: tenant.user.user_id, issuer: 'Tessera', name: 'Ada’s desktop',
      baseUrl: `${url}appliance-mfa/`, enrolledAt: expect.any(String), connection: expect.stringMatching(/^(connecting|open)$/),
    });
    expectOk(await pollOob(server, tenant.client, enrollToken, association.oob_code));
    // The private key lives in the keychain; the metadata file holds no secret.
    expect(JSON.parse((await secretStore.get(PUSH_KEY_SERVICE, device.enrollmentId))!)).toMatchObject({ kty: 'RSA', d: expect.any(String) });
    const metadata = readFileSync(join(fixture.dataDir, 'push', 'accounts.json'), 'utf8');
    expect(JSON.parse(metadata)).toEqual({ accounts: [expect.objectContaining({ enrollmentId: device.enrollmentId, totp: null })] });
    // The linked TOTP went to the vault instead.
    expect(valueOf(await desktop.handlers['vault:list']())).toEqual([expect.objectContaining({ issuer: 'Tessera', label: 'Ada’s desktop' })]);

    await withTimeout((async () => {
      while (valueOf(await desktop.handlers['push:devices']())[0]?.connection !== 'open') await new Promise((resolve) => setTimeout(resolve, 25));
    })(), 5_000, 'the stream did not open');

    const topics: unknown[][] = [];
    const stopListening = desktop.onChange((...args: unknown[]) => void topics.push(args));
    const login = await startPushLogin(server, tenant.client, EMAIL);
    const request = await nextPending(fixture);
    // The page is told that something changed under "push", and nothing more.
    await vi.waitFor(() => expect(topics).toContainEqual(['push']));
    expect(topics.filter((args) => args.length !== 1 || args[0] !== 'push')).toEqual([]);
    stopListening();
    expect(request).toEqual({
      transactionId: expect.any(String),
      enrollmentId: device.enrollmentId,
      issuer: 'Tessera',
      userId: tenant.user.user_id,
      accountLabel: EMAIL,
      clientName: 'Push Console',
      ip: '127.0.0.1',
      userAgent: BROWSER_UA,
      requestedAt: expect.any(String),
      numberChoices: expect.arrayContaining([login.number]),
      receivedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(adapters.notifications).toEqual([{ title: 'Login request', body: 'Push Console asks to sign in to Tessera. Open Tessera to approve or deny.' }]);

    expect(await desktop.handlers['push:resolve'](request.transactionId, 'approve', null)).toEqual({
      ok: false, error: { kind: 'failed', message: 'this login uses number matching: pick the number shown on the login screen' },
    });
    expect(await desktop.handlers['push:resolve'](request.transactionId, 'approve', login.number!)).toEqual({ ok: true, value: null });
    expect(valueOf(await desktop.handlers['push:pending']())).toEqual([]);
    const tokens = await pollOob(server, tenant.client, login.mfaToken, login.oobCode);
    expect(tokens.body).toMatchObject({ access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), token_type: 'Bearer' });
    expect(tokens.status).toBe(200);

    // "This was not me" rejects the next login.
    const second = await startPushLogin(server, tenant.client, EMAIL);
    const secondRequest = await nextPending(fixture);
    valueOf(await desktop.handlers['push:resolve'](secondRequest.transactionId, 'not_me', null));
    expect((await pollOob(server, tenant.client, second.mfaToken, second.oobCode)).body).toEqual({ error: 'invalid_grant', error_description: 'MFA Authorization rejected.' });

    valueOf(await desktop.handlers['push:remove'](device.enrollmentId));
    expect(valueOf(await desktop.handlers['push:devices']())).toEqual([]);
    expect(await secretStore.get(PUSH_KEY_SERVICE, device.enrollmentId)).toBeNull();
  });
});
