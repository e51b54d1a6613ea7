import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_KEY_ACCOUNT, SERVER_KEY_SERVICE } from '../../../src-main/desktop/server-data-key';
import type { Desktop } from '../../../src-main/desktop/desktop';
import type { ChangeTopic } from '../../../src-main/ipc/contract';
import { startDesktop, valueOf } from './desktop-fixture';
import { freePort, holdPort } from './ports';

const inUse = (port: number) => `Port ${port} on 127.0.0.1 is already in use by another program: choose another port in Settings`;

/** The change topics the desktop reports from now on (delivered a microtask after each change). */
function recordChanges(desktop: Desktop): ChangeTopic[] {
  const topics: ChangeTopic[] = [];
  desktop.onChange((topic) => topics.push(topic));
  return topics;
}

describe('embedded server channels', () => {
  it('starts on the settings port, answers real HTTP, and stops', async () => {
    const { desktop, secretStore, dataDir } = await startDesktop();
    const port = await freePort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: port }));
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'stopped', port, url: null, message: null });
    const url = `http://127.0.0.1:${port}/`;
    expect(await desktop.handlers['server:start']()).toEqual({ state: 'running', port, url, message: null });

    const response = await fetch(`${url}.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ issuer: url, token_endpoint: `${url}oauth/token` });

    // The data key went to the keychain; the admin credentials to a 0600 file (like server/main.ts).
    expect(await secretStore.get(SERVER_KEY_SERVICE, SERVER_KEY_ACCOUNT)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const credentialsFile = join(dataDir, 'server', 'admin-client.json');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(credentialsFile, 'utf8'))).toEqual({
      client_id: expect.any(String), client_secret: expect.any(String), audience: `${url}api/v2/`, token_endpoint: `${url}oauth/token`,
    });

    // Its codes go to the developer outbox, which its admin client reads back over HTTP.
    const { client_id: clientId, client_secret: clientSecret } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { client_id: string; client_secret: string };
    const sent = await desktop.server.codeDelivery()!.send({ channel: 'sms', to: '+14155550123', code: '604418', template: '{{code}} is your code' });
    expect(sent).toEqual({ provider: 'outbox', messageId: expect.stringMatching(/^msg_/) });
    const token = await fetch(`${url}oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: `${url}api/v2/` }) });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const outbox = await fetch(`${url}api/v2/outbox`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await outbox.json()).toEqual([{ id: sent.messageId, created_at: expect.any(String), channel: 'sms', recipient: '+XXXXXXX0123', message: '604418 is your code', code: '604418' }]);

    expect(await desktop.handlers['server:stop']()).toEqual({ state: 'stopped', port, url: null, message: null });
    await expect(fetch(`${url}.well-known/openid-configuration`)).rejects.toThrow();
    expect(desktop.server.codeDelivery()).toBeUndefined();
  });

  it('reports failed with a clear message when the port is taken, and starts once it is free', async () => {
    const { desktop } = await startDesktop();
    const taken = await holdPort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: taken.port }));
    const message = `Port ${taken.port} on 127.0.0.1 is already in use by another program: choose another port in Settings`;
    expect(await desktop.handlers['server:start']()).toEqual({ state: 'failed', port: taken.port, url: null, message });
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'failed', port: taken.port, url: null, message });
    await taken.release();
    expect(await desktop.handlers['server:start']()).toMatchObject({ state: 'running', port: taken.port });
  });

  it('starts with the app when serverAutoStart is on', async () => {
    const first = await startDesktop();
    const port = await freePort();
    valueOf(await first.desktop.handlers['settings:update']({ serverPort: port, serverAutoStart: true }));
    const { desktop } = await first.restart();
    // Bounded by the start itself (a busy machine takes seconds to open the store), not Vitest's 1 s default.
    await expect.poll(async () => (await desktop.handlers['server:status']()).state, { timeout: 25_000 }).toBe('running');
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'running', port, url: `http://127.0.0.1:${port}/`, message: null });
  });

  it('refuses to replace the data key of an existing server when the keychain is locked', async () => {
    const first = await startDesktop();
    const port = await freePort();
    valueOf(await first.desktop.handlers['settings:update']({ serverPort: port }));
    expect(await first.desktop.handlers['server:start']()).toMatchObject({ state: 'running' });
    first.secretStore.locked = true;
    const { desktop } = await first.restart();
    expect(await desktop.handlers['server:start']()).toEqual({
      state: 'failed', port, url: null, message: expect.stringMatching(/^The test keyring is locked or unavailable \(the keyring is locked\)/),
    });
  });

  it('moves a running server to the port saved in the settings, and reports failed when that port is taken', async () => {
    const { desktop } = await startDesktop();
    const firstPort = await freePort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: firstPort }));
    expect(await desktop.handlers['server:start']()).toMatchObject({ state: 'running', port: firstPort });
    const topics = recordChanges(desktop);

    // settings:update answers once the server listens on the new port.
    const secondPort = await freePort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: secondPort }));
    const url = `http://127.0.0.1:${secondPort}/`;
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'running', port: secondPort, url, message: null });
    expect(await (await fetch(`${url}.well-known/openid-configuration`)).json()).toMatchObject({ issuer: url, token_endpoint: `${url}oauth/token` });
    await expect(fetch(`http://127.0.0.1:${firstPort}/.well-known/openid-configuration`)).rejects.toThrow();
    expect(topics).toEqual(['settings', 'server', 'server']);

    const taken = await holdPort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: taken.port }));
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'failed', port: taken.port, url: null, message: inUse(taken.port) });
    await expect(fetch(`${url}.well-known/openid-configuration`)).rejects.toThrow();
    await taken.release();

    // A server that failed is one the user wants up: the next port is tried at once.
    const thirdPort = await freePort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: thirdPort }));
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'running', port: thirdPort, url: `http://127.0.0.1:${thirdPort}/`, message: null });
  });

  it('only shows a new port while stopped, and other settings leave the server alone', async () => {
    const { desktop } = await startDesktop();
    const topics = recordChanges(desktop);
    const port = await freePort();
    valueOf(await desktop.handlers['settings:update']({ serverPort: port }));
    expect(await desktop.handlers['server:status']()).toEqual({ state: 'stopped', port, url: null, message: null });
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    valueOf(await desktop.handlers['settings:update']({ serverPort: port, hideCodes: true }));
    expect(topics).toEqual(['settings', 'server', 'settings']);

    expect(await desktop.handlers['server:start']()).toMatchObject({ state: 'running', port });
    valueOf(await desktop.handlers['settings:update']({ clipboardClearSeconds: 60 }));
    expect(await desktop.handlers['server:status']()).toMatchObject({ state: 'running', port });
    // "starting", then "running": the page is told of both; the other setting is only "settings".
    expect(topics).toEqual(['settings', 'server', 'settings', 'server', 'server', 'settings']);
  });
});
