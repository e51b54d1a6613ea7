import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelValidators } from '../../../src-main/ipc/validators';
import { IpcChannel, type IpcChannelName } from '../../../src-main/ipc/contract';
import { addUser, startPushTessera, type PushTessera } from '../../helpers/push.js';
import { ADMIN } from '../../helpers/server.js';
import { startDesktop, valueOf, type DesktopFixture } from './desktop-fixture';

/** The `admin:*` handlers of createDesktop over the real admin service and a real Tessera on loopback. */

const LOCKED = { ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } };

/** One valid argument list per admin channel: what the lock must refuse before anything reaches the tenant. */
const ADMIN_CALLS: Record<Extract<IpcChannelName, `admin:${string}`>, unknown[]> = {
  'admin:connections': [],
  'admin:addRemoteConnection': [{ baseUrl: 'http://127.0.0.1:9/', clientId: 'x', clientSecret: 'y' }],
  'admin:removeConnection': ['c1'],
  'admin:useConnection': ['this-computer'],
  'admin:listUsers': [{ search: '', filter: 'all', page: 0, perPage: 10 }],
  'admin:getUser': ['auth0|x'],
  'admin:removeAuthenticator': ['auth0|x', 'totp|dev_x'],
  'admin:resetMfa': ['auth0|x', 'x@example.com'],
  'admin:regenerateRecoveryCode': ['auth0|x'],
  'admin:createTicket': [{ userId: 'auth0|x', sendMail: false }],
  'admin:unlockPush': ['auth0|x'],
  'admin:forgetBrowsers': ['auth0|x'],
  'admin:userLogs': ['auth0|x', 10],
  'admin:guardianSettings': [],
  'admin:setFactor': ['otp', true],
  'admin:setPolicy': ['never'],
  'admin:setPushSettings': [{ numberMatching: true }],
  'admin:phoneSettings': [],
  'admin:setPhoneSettings': [{ messageTypes: ['sms'] }],
  'admin:sendPhoneTest': [{ channel: 'sms', phoneNumber: '+15555550123' }],
  'admin:emailSettings': [],
  'admin:setEmailSettings': [{ template: { subject: 'Code', body: '{{ code }}', from: '' } }],
  'admin:sendEmailTest': [{ email: 'ada@example.com' }],
  'admin:logs': [{ types: [], page: 0, perPage: 10 }],
  'admin:tailLogs': [{ from: null, take: 10 }],
  'admin:exportLogs': [{ types: [] }, 'json'],
  'admin:previewBulkReset': [{ userIds: ['auth0|x'] }],
  'admin:startBulkReset': [{ userIds: ['auth0|x'] }],
  'admin:bulkResetProgress': ['job_x'],
  'admin:applications': [],
  'admin:createApplication': [{ name: 'App', preset: 'm2m' }],
  'admin:rotateApplicationSecret': ['client_x'],
  'admin:deleteApplication': ['client_x'],
  'admin:logStreams': [],
  'admin:createLogStream': [{ name: 'SIEM', endpoint: 'http://127.0.0.1:9/', authorization: 'Bearer x', format: 'JSONLINES' }],
  'admin:updateLogStream': ['lst_x', { status: 'paused' }],
  'admin:deleteLogStream': ['lst_x'],
  'admin:testLogStream': ['lst_x'],
  'admin:recentAlerts': [],
  'admin:outbox': [{ from: null, take: 10, showRecipient: true }],
  'admin:copySecret': ['ABCD-EFGH'],
  'admin:saveExport': [{ types: [] }, 'csv'],
};

describe('the admin channels of the desktop', () => {
  let server: PushTessera;
  let fixture: DesktopFixture;
  const topics: string[] = [];

  beforeEach(async () => {
    server = await startPushTessera();
    fixture = await startDesktop();
    topics.length = 0;
    fixture.desktop.onChange((topic) => void topics.push(topic));
  });
  afterEach(async () => {
    await server.close();
  });

  const remote = () => ({ baseUrl: server.issuer, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret, label: 'Tenant' });

  it('cover every admin channel, each with a validator and a call that passes it', () => {
    const channels = Object.values(IpcChannel).filter((channel) => channel.startsWith('admin:'));
    expect(Object.keys(ADMIN_CALLS).sort()).toEqual([...channels].sort());
    for (const [channel, args] of Object.entries(ADMIN_CALLS)) expect(channelValidators[channel as IpcChannelName](args), channel).toBe(true);
  });

  it('add a connection after checking its secret, announce it as "admin", and never answer with the secret or a token', async () => {
    const { handlers } = fixture.desktop;
    const refused = await handlers['admin:addRemoteConnection']({ ...remote(), clientSecret: 'wrong-secret' });
    expect(refused).toEqual({ ok: false, error: { kind: 'unauthorized', message: expect.any(String) } });
    expect(valueOf(await handlers['admin:connections']()).filter((connection) => connection.kind === 'remote')).toEqual([]);

    const added = valueOf(await handlers['admin:addRemoteConnection'](remote()));
    expect(added).toMatchObject({ kind: 'remote', baseUrl: server.issuer, clientId: ADMIN.clientId, label: 'Tenant', secretStored: true, active: true });
    await Promise.resolve();
    expect(topics).toContain('admin');
    const ada = await addUser(server, 'ada@example.com');
    const answers = [added, await handlers['admin:connections'](), await handlers['admin:listUsers']({ search: '', filter: 'all', page: 0, perPage: 10 }), await handlers['admin:getUser'](ada.email)];
    expect(valueOf(answers[3] as never)).toMatchObject({ userId: ada.user_id, email: ada.email, authenticators: [] });
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(ADMIN.clientSecret);
    expect(JSON.stringify(answers)).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('answer an unknown user as not_found, in the outcome, never as a rejection', async () => {
    const { handlers } = fixture.desktop;
    valueOf(await handlers['admin:addRemoteConnection'](remote()));
    const missing = await handlers['admin:getUser']('auth0|nobody');
    expect(missing).toEqual({ ok: false, error: { kind: 'not_found', message: expect.any(String) } });
  });

  it('refuse every admin channel while the app is locked, before anything reaches the tenant', async () => {
    const { handlers } = fixture.desktop;
    valueOf(await handlers['lock:setPasscode'](null, '2468'));
    valueOf(await handlers['lock:lock']());
    for (const [channel, args] of Object.entries(ADMIN_CALLS)) {
      const handler = handlers[channel as IpcChannelName] as (...args: unknown[]) => Promise<unknown>;
      expect(await handler(...args), channel).toEqual(LOCKED);
    }
    expect(fixture.adapters.clipboardText).toBe('');
    valueOf(await handlers['lock:unlock']('2468'));
    expect(valueOf(await handlers['admin:connections']()).filter((connection) => connection.kind === 'remote')).toEqual([]);
  });

  it('copy a one-time secret through main with the clipboard setting, and save an export where the admin chose', async () => {
    const { handlers } = fixture.desktop;
    valueOf(await handlers['admin:addRemoteConnection'](remote()));
    const seconds = (await handlers['settings:get']()).clipboardClearSeconds;
    expect(await handlers['admin:copySecret']('ABCD-EFGH-IJKL')).toEqual({ ok: true, value: { clearsAfterSeconds: seconds } });
    expect(fixture.adapters.clipboardText).toBe('ABCD-EFGH-IJKL');

    fixture.adapters.savePath = null;
    expect(await handlers['admin:saveExport']({ types: [] }, 'csv')).toEqual({ ok: true, value: { saved: false } });
    const path = join(fixture.dataDir, 'audit.json');
    fixture.adapters.savePath = path;
    await addUser(server, 'grace@example.com');
    expect(await handlers['admin:saveExport']({ types: [] }, 'json')).toEqual({ ok: true, value: { saved: true, path } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const expected = valueOf(await handlers['admin:exportLogs']({ types: [] }, 'json'));
    expect(readFileSync(path, 'utf8')).toBe(expected);
    expect(expected).toContain('grace@example.com');
  });
});
