import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src-main/cli/context';
import { desktopDataDir } from '../../../src-main/cli/data-dir';
import { main } from '../../../src-main/cli/main';
import { createAdminService } from '../../../src-main/desktop/admin/service';
import { createEmbeddedServer } from '../../../src-main/desktop/embedded-server';
import { openSettingsStore } from '../../../src-main/desktop/settings-store';
import { createMemorySecretStore } from '../../../src-main/vault/secret-store';
import { readEmbeddedAdminClient } from '../../../src-main/desktop/admin/embedded-host';
import { freePort } from '../desktop/ports';
import { ADMIN, PASSWORD, startAdminTenant, tempHome, type AdminTenant } from './admin-tenant';

// The CLI and the desktop app's service over one app data folder (TESSERA_APP_DATA) and one keychain.
let appData: { home: string; remove(): Promise<void> };
let keychain: ReturnType<typeof createMemorySecretStore>;
const cleanups: (() => Promise<unknown>)[] = [];
const clock = { now: () => Date.now() };
beforeEach(async () => {
  appData = await tempHome();
  keychain = createMemorySecretStore();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await appData.remove();
});

/** One in-process `tessera admin …` run; the otp folder (TESSERA_HOME) is elsewhere and never used here. */
async function tessera(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const [stdout, stderr] = [collect(), collect()];
  const context: CliContext = {
    stdout: stdout.stream, stderr: stderr.stream, stdin: new PassThrough(),
    env: { TESSERA_HOME: '/nonexistent/tessera-cli', TESSERA_APP_DATA: appData.home, ...env }, platform: 'linux', homedir: '/home/u', hostname: 'test-host',
    fetch: (input, init) => fetch(input, init), clock, signal: new AbortController().signal, secretStore: keychain,
  };
  const code = await main(['admin', ...argv], context);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const desktopService = () => {
  const service = createAdminService({ dataDir: appData.home, secretStore: keychain, clock });
  cleanups.push(() => service.close());
  return service;
};
const emails = (stdout: string) => (JSON.parse(stdout) as { users: { email: string }[] }).users.map((u) => u.email).sort();

describe('desktopDataDir', () => {
  // Electron's userData: appData joined with the app's name ("tessera", the package name; no productName).
  it.each([
    ['linux', {}, '/home/u/.config/tessera'],
    ['linux', { XDG_CONFIG_HOME: '/xdg/config', XDG_DATA_HOME: '/xdg/data' }, '/xdg/config/tessera'],
    ['darwin', {}, '/home/u/Library/Application Support/tessera'],
    ['win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u\\AppData\\Roaming\\tessera'],
    ['linux', { TESSERA_APP_DATA: '/portable/data', TESSERA_HOME: '/elsewhere' }, '/portable/data'],
  ] as const)('%s %j → %s', (platform, env, expected) => {
    expect(desktopDataDir({ env, platform, homedir: '/home/u' })).toBe(expected);
  });
});

describe('tessera admin shares the desktop app’s connections', () => {
  let tenant: AdminTenant;
  beforeEach(async () => {
    tenant = await startAdminTenant();
    cleanups.push(() => tenant.close());
  });

  it('a connection saved in the app is listed and used by the CLI, and one the CLI removes is gone from the app', async () => {
    const saved = await desktopService().addRemoteConnection({ baseUrl: tenant.baseUrl, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: `* ${tenant.baseUrl} as client ${ADMIN.clientId}\n`, stderr: '' });
    const users = await tessera(['users', '--json']);
    expect(users).toMatchObject({ code: 0, stderr: '' });
    expect(emails(users.stdout)).toEqual([tenant.ada.email, tenant.bob.email, tenant.carol.email]);

    expect(await tessera(['logout'])).toMatchObject({ code: 0, stderr: '' });
    expect(await desktopService().connections()).toEqual([]);
    expect(await keychain.get('Tessera Admin', saved.id)).toBeNull();
  });

  it('a CLI login is the app’s active connection', async () => {
    expect(await tessera(['login', tenant.baseUrl, '--client-id', ADMIN.clientId, '--label', 'Lab'], { TESSERA_ADMIN_CLIENT_SECRET: ADMIN.clientSecret })).toMatchObject({ code: 0, stderr: '' });
    const app = desktopService();
    expect(await app.connections()).toEqual([expect.objectContaining({ kind: 'remote', label: 'Lab', baseUrl: tenant.baseUrl, secretStored: true, active: true })]);
    expect((await app.listUsers({ search: 'email:carol*', filter: 'all', page: 0, perPage: 10 })).users.map((u) => u.email)).toEqual([tenant.carol.email]);
  });
});

/** The app's embedded server as its first start leaves it, on `port` from the app's settings, with two people. */
async function appServer(port: number) {
  await (await openSettingsStore(appData.home)).update({ serverPort: port });
  const server = createEmbeddedServer({ dataDir: appData.home, secretStore: keychain, clock });
  cleanups.push(() => server.stop());
  expect(await server.start(port)).toMatchObject({ state: 'running' });
  const base = `http://127.0.0.1:${port}/`;
  const admin = await readEmbeddedAdminClient(server.folder);
  const token = await fetch(`${base}oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${base}api/v2/` }),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  for (const email of ['ada@example.com', 'bob@example.com']) {
    const created = await fetch(`${base}api/v2/users`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ connection: 'Username-Password-Authentication', email, password: PASSWORD }),
    });
    expect(created.status).toBe(201);
  }
  return { server, base };
}

const answers = (base: string) => fetch(`${base}.well-known/openid-configuration`).then((r) => r.ok, () => false);

describe('tessera admin on This computer', () => {
  it('is not offered before the app’s server first started', async () => {
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: 'No connections; add one with tessera admin login <base-url> --client-id ID.\n', stderr: '' });
    expect(await tessera(['use', 'this-computer'])).toEqual({ code: 1, stdout: '', stderr: "tessera: This computer is not available: start the server in the desktop app's Server tab once\n" });
  });

  it('with the app closed, runs the embedded server in-process for the command, then stops it', async () => {
    const port = await freePort();
    const { server, base } = await appServer(port);
    await server.stop();
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: "* This computer (this-computer: the desktop app's server)\n", stderr: '' });

    const users = await tessera(['users', '--json']);
    expect(users).toMatchObject({ code: 0, stderr: '' });
    expect(emails(users.stdout)).toEqual(['ada@example.com', 'bob@example.com']);
    const ada = await tessera(['user', 'ada@example.com', '--json']);
    expect(ada).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ada.stdout)).toMatchObject({ email: 'ada@example.com', authenticators: [] });
    // Stopped after the command, the database closed: the app can start its server on that port again.
    expect(await answers(base)).toBe(false);
    expect(await server.start(port)).toMatchObject({ state: 'running' });
  });

  it('with the app’s server running, uses it and leaves it running', async () => {
    const { server, base } = await appServer(await freePort());
    const users = await tessera(['users', '--json']);
    expect(users).toMatchObject({ code: 0, stderr: '' });
    expect(emails(users.stdout)).toEqual(['ada@example.com', 'bob@example.com']);
    expect(server.status()).toMatchObject({ state: 'running', url: base });
    expect(await answers(base)).toBe(true);
  });

  it('use switches between a saved server and This computer', async () => {
    const tenant = await startAdminTenant();
    cleanups.push(() => tenant.close());
    await appServer(await freePort());
    expect(await tessera(['login', tenant.baseUrl, '--client-id', ADMIN.clientId], { TESSERA_ADMIN_CLIENT_SECRET: ADMIN.clientSecret })).toMatchObject({ code: 0 });
    expect(emails((await tessera(['users', '--json'])).stdout)).toHaveLength(3);

    expect(await tessera(['use', 'this-computer'])).toEqual({ code: 0, stdout: "Using This computer (this-computer: the desktop app's server).\n", stderr: '' });
    expect(emails((await tessera(['users', '--json'])).stdout)).toEqual(['ada@example.com', 'bob@example.com']);
    expect(await tessera(['connections'])).toEqual({
      code: 0, stdout: `* This computer (this-computer: the desktop app's server)\n  ${tenant.baseUrl} as client ${ADMIN.clientId}\n`, stderr: '',
    });
    expect(await tessera(['use', tenant.baseUrl])).toEqual({ code: 0, stdout: `Using ${tenant.baseUrl} as client ${ADMIN.clientId}.\n`, stderr: '' });
    expect(emails((await tessera(['users', '--json'])).stdout)).toHaveLength(3);
    expect(await tessera(['use', 'http://127.0.0.1:1/'])).toEqual({ code: 1, stdout: '', stderr: 'tessera: no connection http://127.0.0.1:1/: see tessera admin connections\n' });
  });
});
