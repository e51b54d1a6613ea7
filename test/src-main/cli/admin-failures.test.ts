import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../../../src-main/cli/context';
import { main } from '../../../src-main/cli/main';
import { openConnectionStore } from '../../../src-main/desktop/admin/connection-store';
import { adminSecrets } from '../../../src-main/desktop/admin/keychain-items';
import { createMemorySecretStore } from '../../../src-main/vault/secret-store';
import { freePort } from '../../helpers/process';
import { ADMIN, startAdminTenant, tempHome, type AdminTenant } from './admin-tenant';

// How `tessera admin` fails: the exit code (1 for a failed operation, 2 for a usage mistake) and the one
// line on stderr, in words or as JSON. Each case has its own data folder and in-memory keychain.
let home: { home: string; remove(): Promise<void> };
let keychain: ReturnType<typeof createMemorySecretStore>;
let tenant: AdminTenant | undefined;
beforeEach(async () => {
  home = await tempHome();
  keychain = createMemorySecretStore();
});
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
  await home.remove();
});

const LOGIN_USAGE = 'usage: tessera admin login <base-url> --client-id ID [--label NAME] [--json]';
const USERS_USAGE = 'usage: tessera admin users [--query Q] [--filter all|enrolled|not-enrolled|push-locked] [--page N] [--per-page N] [--json]';

/** One in-process `tessera admin …` run over the test's data folder and keychain; stdin is empty. */
async function tessera(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    stdout: new PassThrough().on('data', (chunk: Buffer) => (stdout += chunk.toString())),
    stderr: new PassThrough().on('data', (chunk: Buffer) => (stderr += chunk.toString())),
    stdin: new PassThrough().end(),
    env: { TESSERA_HOME: home.home, TESSERA_APP_DATA: home.home, ...env }, platform: 'linux', homedir: '/home/u', hostname: 'test-host',
    fetch: (input, init) => fetch(input, init), clock: { now: () => Date.now() }, signal: new AbortController().signal, secretStore: keychain,
  };
  const code = await main(['admin', ...argv], context);
  return { code, stdout, stderr };
}

/**
 * A saved connection (its audience known, so no discovery first) with a secret in the keychain, as `login`
 * leaves one: the first request of a command is the token request.
 */
async function savedConnection(baseUrl: string, options: { clientId?: string; secret?: string; active: boolean }) {
  const id = `remote-${options.clientId ?? 'closed'}`;
  await openConnectionStore(home.home).upsert({ id, label: new URL(baseUrl).host, baseUrl, clientId: options.clientId ?? 'admin', audience: `${baseUrl}api/v2/` }, options.active);
  await adminSecrets(keychain).save(id, options.secret ?? 'a-secret');
  return id;
}

/** A URL where nothing listens: a port the system just gave out and took back. */
const closedServer = async () => `http://127.0.0.1:${await freePort()}/`;
const unreachable = (baseUrl: string) => `Could not reach ${baseUrl}: check the URL and that the server is running`;

describe('tessera admin with the server gone', () => {
  // The bin's stderr is also where console.error goes: an expected failure must log nothing there.
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  const COMMANDS = [
    ['users'], ['user', 'ada@example.com'], ['factors'], ['log-streams'], ['recovery-code', 'ada@example.com'],
    ['ticket', 'ada@example.com'], ['reset', 'ada@example.com', '--yes'], ['remove-authenticator', 'ada@example.com', 'totp|dev_x', '--yes'],
    ['factor', 'otp', 'on'], ['policy', 'never'], ['logs'], ['logs', '--follow'], ['outbox'], ['bulk-reset', '--users', 'auth0|a', '--dry-run'],
  ];

  it.each(COMMANDS)('%s … is one line, exit 1, no stack', async (...argv) => {
    const baseUrl = await closedServer();
    await savedConnection(baseUrl, { active: true });
    expect(await tessera(argv)).toEqual({ code: 1, stdout: '', stderr: `tessera: ${unreachable(baseUrl)}\n` });
  });

  it.each(COMMANDS.filter((argv) => ['users', 'user', 'factors', 'log-streams', 'logs', 'outbox', 'bulk-reset'].includes(argv[0]!)))(
    '%s … --json is one JSON line, exit 1',
    async (...argv) => {
      const baseUrl = await closedServer();
      await savedConnection(baseUrl, { active: true });
      expect(await tessera([...argv, '--json'])).toEqual({ code: 1, stdout: '', stderr: `${JSON.stringify({ error: 'unreachable', message: unreachable(baseUrl) })}\n` });
    },
  );

  it('use checks by getting a token, and does not switch to a server that does not answer', async () => {
    const baseUrl = await closedServer();
    await savedConnection(baseUrl, { active: false });
    expect(await tessera(['use', baseUrl])).toEqual({ code: 1, stdout: '', stderr: `tessera: ${unreachable(baseUrl)}\n` });
    expect(await tessera(['use', baseUrl, '--json'])).toEqual({ code: 1, stdout: '', stderr: `${JSON.stringify({ error: 'unreachable', message: unreachable(baseUrl) })}\n` });
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: `  ${baseUrl} as client admin\n`, stderr: '' });
  });
});

describe('tessera admin use, against a server', () => {
  beforeEach(async () => {
    tenant = await startAdminTenant();
  });

  it('does not switch to a connection whose secret the server refuses; switches to one it accepts', async () => {
    const { baseUrl } = tenant!;
    const login = await tessera(['login', baseUrl, '--client-id', ADMIN.clientId, '--label', 'Staging'], { TESSERA_ADMIN_CLIENT_SECRET: ADMIN.clientSecret });
    expect(login).toEqual({ code: 0, stdout: `Logged in to ${baseUrl} as client ${ADMIN.clientId} (Staging); the secret is in the OS keychain.\n`, stderr: '' });
    const stale = await savedConnection(baseUrl, { clientId: 'stale-client', secret: 'not-the-secret', active: false });
    const listed = `* ${baseUrl} as client ${ADMIN.clientId} (Staging)\n  ${baseUrl} as client stale-client\n`;
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: listed, stderr: '' });

    expect(await tessera(['use', stale])).toEqual({
      code: 1, stdout: '',
      stderr: "tessera: The client's credentials were refused: log in again (run tessera admin login <base-url> --client-id ID with the client's current secret)\n",
    });
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: listed, stderr: '' });

    await adminSecrets(keychain).save(stale, 'still-wrong');
    await openConnectionStore(home.home).setActive(stale);
    const admin = (JSON.parse((await tessera(['connections', '--json'])).stdout) as { id: string; clientId: string }[]).find((c) => c.clientId === ADMIN.clientId)!;
    expect(await tessera(['use', admin.id])).toEqual({ code: 0, stdout: `Using ${baseUrl} as client ${ADMIN.clientId} (Staging).\n`, stderr: '' });
    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: listed, stderr: '' });
  });

  it('a server that refuses valid-looking input is a failed operation, exit 1', async () => {
    await tessera(['login', tenant!.baseUrl, '--client-id', ADMIN.clientId], { TESSERA_ADMIN_CLIENT_SECRET: ADMIN.clientSecret });
    // Tessera serves no Duo: Auth0's factor name, refused by this server.
    expect(await tessera(['factor', 'duo', 'on'])).toEqual({ code: 1, stdout: '', stderr: 'tessera: The duo factor is not available on this server.\n' });
  });
});

describe('tessera admin usage mistakes exit 2 wherever they are caught', () => {
  it.each([
    // Caught by the command line.
    [['users', '--per-page', '0'], 'tessera: --per-page must be a whole number from 1\n'],
    [['users', '--per-page', '101', '--json'], '{"error":"invalid_input","message":"--per-page can be at most 100"}\n'],
    [['users', '--page', '99999999999999999999'], `tessera: --page can be at most ${Number.MAX_SAFE_INTEGER}\n`],
    [['users', '--page', '-1'], `tessera: Option '--page' needs a value: one that starts with - is written --page=-VALUE\n${USERS_USAGE}\n`],
    [['users', '--page=-1'], 'tessera: --page must be a whole number from 1\n'],
    [['users', '--bogus'], `tessera: Unknown option '--bogus': an argument that starts with - goes after --, as in -- --bogus\n${USERS_USAGE}\n`],
    [['users', '--filter', 'some'], 'tessera: --filter must be one of all, enrolled, not-enrolled, push-locked\n'],
    [['logs', '--take', '101'], 'tessera: --take can be at most 100\n'],
    [['logs', '--take', '1000000'], 'tessera: --take can be at most 100\n'],
    [['logs', '--take', '1.5'], 'tessera: --take must be a whole number from 1\n'],
    [['outbox', '--take', '101'], 'tessera: --take can be at most 100\n'],
    [['outbox', '--take', '1000000', '--json'], '{"error":"invalid_input","message":"--take can be at most 100"}\n'],
    // Caught by the service, before any request.
    [['logs', '--query', 'from:2026-12-05 to:2026-12-01'], 'tessera: The start date is after the end date\n'],
    [['logs', '--query', 'from:2026-12-05 to:2026-12-01', '--json'], '{"error":"invalid_input","message":"The start date is after the end date"}\n'],
    [['login', 'notaurl', '--client-id', 'admin'], 'tessera: Enter the server URL, such as https://tenant.eu.auth0.com or http://127.0.0.1:3000\n'],
    [['login', 'http://example.com/', '--client-id', 'admin'], 'tessera: Use https:// for a server on another computer (plain http is allowed only for 127.0.0.1 and localhost)\n'],
    [['factor', 'bogus', 'on'], 'tessera: Unknown factor: use push-notification, sms, email, duo, otp, webauthn-roaming, webauthn-platform or recovery-code\n'],
  ])('tessera admin %j', async (argv, stderr) => {
    expect(await tessera(argv, { TESSERA_ADMIN_CLIENT_SECRET: 'a-secret' })).toEqual({ code: 2, stdout: '', stderr });
  });

  it('users --help lists every --filter', async () => {
    expect(await tessera(['users', '--help'])).toEqual({
      code: 0, stderr: '',
      stdout: `${USERS_USAGE}\n\nlist users: email, user id, enrolled MFA, last login, created (search by email, name, user id or email:ada*)\n`,
    });
  });

  it('login without --client-id shows its usage', async () => {
    expect(await tessera(['login', 'http://127.0.0.1:1/'])).toEqual({ code: 2, stdout: '', stderr: `tessera: --client-id is required\n${LOGIN_USAGE}\n` });
  });
});
