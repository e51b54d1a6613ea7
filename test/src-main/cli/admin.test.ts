import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src-main/cli/context';
import { main } from '../../../src-main/cli/main';
import { createMemorySecretStore } from '../../../src-main/vault/secret-store';
import { loginForMfaToken } from '../../helpers/server';
import { recoveryGrant } from '../../helpers/mfa';
import { startLogReceiver } from '../../helpers/log-receiver';
import { freePort } from '../../helpers/process';
import { ADMIN, startAdminTenant, tempHome, type AdminTenant } from './admin-tenant';

const HINT = '(run tessera admin login <base-url> --client-id ID)';

// Each case gets its own data folder and keychain, and its own tenant where it needs one: no case sees
// what another changed.
let tenant: AdminTenant | undefined;
let home: { home: string; remove(): Promise<void> };
let keychain: ReturnType<typeof createMemorySecretStore>;
beforeEach(async () => {
  home = await tempHome();
  keychain = createMemorySecretStore();
});
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
  await home.remove();
});
async function withTenant(): Promise<AdminTenant> {
  tenant = await startAdminTenant();
  return tenant;
}

interface CliOptions {
  env?: Record<string, string>;
  /** Piped to stdin, then closed. */
  stdin?: string;
  stderrIsTty?: boolean;
  signal?: AbortSignal;
}

/** One in-process `tessera admin …` run with the test's data folder and in-memory keychain, read while it runs. */
function start(argv: string[], options: CliOptions = {}) {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  if (options.stderrIsTty) Object.assign(stderr.stream, { isTTY: true });
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const context: CliContext = {
    stdout: stdout.stream, stderr: stderr.stream, stdin,
    env: { TESSERA_HOME: home.home, TESSERA_APP_DATA: home.home, ...options.env }, platform: 'linux', homedir: '/home/u', hostname: 'test-host',
    fetch: (input, init) => fetch(input, init), clock: { now: () => Date.now() },
    signal: options.signal ?? new AbortController().signal, secretStore: keychain,
  };
  return { done: main(['admin', ...argv], context), stdout: stdout.text, stderr: stderr.text };
}

async function tessera(argv: string[], options: CliOptions = {}) {
  const run = start(argv, options);
  const code = await run.done;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Waits for `condition` a bounded number of turns (the tail polls once a second). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`never happened: ${what}`);
}

const login = (tenant: AdminTenant) => tessera(['login', tenant.baseUrl, '--client-id', ADMIN.clientId], { env: { TESSERA_ADMIN_CLIENT_SECRET: ADMIN.clientSecret } });

describe('tessera admin before login', () => {
  it('says how to connect, in words or as JSON on stderr, exit 1', async () => {
    const words = await tessera(['users']);
    expect(words).toEqual({ code: 1, stdout: '', stderr: `tessera: Choose a connection first: This computer, or a server you log in to ${HINT}\n` });
    const json = await tessera(['users', '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual({ error: 'not_connected', message: `Choose a connection first: This computer, or a server you log in to ${HINT}` });
  });

  it.each([
    [['login', 'http://127.0.0.1:1/'], 2, 'tessera: --client-id is required\nusage: tessera admin login <base-url> --client-id ID [--label NAME] [--json]\n'],
    [['reset', 'ada@example.com'], 2, 'tessera: this removes every authenticator of ada@example.com: add --yes to confirm\n'],
    [['remove-authenticator', 'ada@example.com', 'totp|dev_x'], 2, 'tessera: this deletes authenticator totp|dev_x of ada@example.com: add --yes to confirm\n'],
    [['bulk-reset', '--query', 'email:*'], 2, 'tessera: give either --dry-run (to see what would go) or --yes (to reset)\n'],
    [['bulk-reset', '--dry-run'], 2, 'tessera: give either --query Q or --users ID,ID\n'],
    [['bulk-reset', '--users', ',', '--yes'], 2, 'tessera: --users needs at least one user id\n'],
    [['users', '--filter', 'some'], 2, 'tessera: --filter must be one of all, enrolled, not-enrolled, push-locked\n'],
    [['users', '--page', '0'], 2, 'tessera: --page must be a whole number from 1\n'],
    [['ticket', 'ada@example.com', '--factor', 'sms'], 2, 'tessera: --factor must be one of otp, push-notification\n'],
    [['factor', 'otp', 'maybe'], 2, 'tessera: the state must be on or off, not "maybe"\n'],
    [['policy', 'sometimes'], 2, 'tessera: the policy must be never or all-applications, not "sometimes"\n'],
    [['logs', '--query', 'colour:red'], 2, 'tessera: unknown log query term "colour:red": use type:CODE[,CODE] user_id:ID from:DATE to:DATE\n'],
    [['logs', '--query', 'from:yesterday'], 2, 'tessera: from:yesterday: "yesterday" is not a date (use YYYY-MM-DD or an ISO time)\n'],
    [['logs', '--take', '101'], 2, 'tessera: --take can be at most 100\n'],
    [['login', 'http://127.0.0.1:1/', '--client-id', 'x'], 2, 'tessera: no client secret: set TESSERA_ADMIN_CLIENT_SECRET, pipe it on stdin, or type it when asked\n'],
  ])('tessera admin %j exits %i with one clear message', async (argv, code, stderr) => {
    expect(await tessera(argv, { stdin: '' })).toEqual({ code, stdout: '', stderr });
  });

  it('--json usage mistakes are JSON too', async () => {
    const result = await tessera(['bulk-reset', '--users', 'a', '--json']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: '{"error":"invalid_input","message":"give either --dry-run (to see what would go) or --yes (to reset)"}\n' });
  });
});

describe('tessera admin login', () => {
  let tenant: AdminTenant;
  beforeEach(async () => {
    tenant = await withTenant();
  });

  it('refuses a wrong secret, saves nothing, and keeps the right one only in the keychain', async () => {
    const wrong = await tessera(['login', tenant.baseUrl, '--client-id', ADMIN.clientId], { stdin: 'not-the-secret\n' });
    expect(wrong).toEqual({
      code: 1, stdout: '',
      stderr: `tessera: ${tenant.baseUrl} refused client ${ADMIN.clientId} with this secret (wrong secret, or a deleted client): nothing was saved\n`,
    });
    expect(existsSync(path.join(home.home, 'admin-connections.json'))).toBe(false);

    const right = await tessera(['login', tenant.baseUrl, '--client-id', ADMIN.clientId, '--json'], { stdin: `${ADMIN.clientSecret}\n` });
    expect(right).toMatchObject({ code: 0, stderr: '' });
    const connection = JSON.parse(right.stdout) as { id: string };
    expect(connection).toEqual({
      id: expect.stringMatching(/^remote-[0-9a-f]{16}$/), kind: 'remote', label: new URL(tenant.baseUrl).host, baseUrl: tenant.baseUrl,
      clientId: ADMIN.clientId, audience: `${tenant.baseUrl}api/v2/`, secretStored: true, active: true,
    });
    expect(await keychain.get('Tessera Admin', connection.id)).toBe(ADMIN.clientSecret);
    expect(readFileSync(path.join(home.home, 'admin-connections.json'), 'utf8')).not.toContain(ADMIN.clientSecret);

    expect(await tessera(['connections'])).toEqual({ code: 0, stdout: `* ${tenant.baseUrl} as client ${ADMIN.clientId}\n`, stderr: '' });
    expect(await tessera(['logout'])).toEqual({ code: 0, stdout: `Logged out of ${tenant.baseUrl} as client ${ADMIN.clientId}.\n`, stderr: '' });
    expect(await keychain.get('Tessera Admin', connection.id)).toBeNull();
    expect(await tessera(['logout'])).toEqual({ code: 1, stdout: '', stderr: 'tessera: not logged in to any server\n' });
  });

  it('an unreachable server is one line, exit 1', async () => {
    const result = await tessera(['login', `http://127.0.0.1:${await freePort()}/`, '--client-id', 'x'], { env: { TESSERA_ADMIN_CLIENT_SECRET: 's' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^tessera: [^\n]+\n$/);
  });
});

describe('tessera admin, logged in', () => {
  let tenant: AdminTenant;
  beforeEach(async () => {
    tenant = await withTenant();
    expect((await login(tenant)).code).toBe(0);
  });

  it('revoked credentials: one line saying to log in again, exit 1', async () => {
    const rotated = await tenant.tessera.management('POST', `/api/v2/clients/${ADMIN.clientId}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(await tessera(['users'])).toEqual({
      code: 1, stdout: '',
      stderr: `tessera: The client's credentials were refused: log in again ${HINT.replace(')', " with the client's current secret)")}\n`,
    });
  });

  it('users: a table with the MFA column, a filter, and --json', async () => {
    const all = await tessera(['users']);
    expect(all.code).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toMatch(/^EMAIL +USER ID +MFA +LAST LOGIN +CREATED$/);
    expect(all.stdout).toContain('ada@example.com');
    expect(all.stdout).toContain('carol@example.com');
    expect(lines.at(-2)).toBe('1–3 of 3 users (page 1).');

    const notEnrolled = await tessera(['users', '--filter', 'not-enrolled', '--json']);
    const page = JSON.parse(notEnrolled.stdout) as { users: { email: string; mfa: string[] }[]; total: number };
    expect(page.users.map((u) => [u.email, u.mfa])).toEqual([['carol@example.com', []]]);
  });

  it('user: profile and authenticators; unknown users are one line', async () => {
    const ada = await tessera(['user', 'ada@example.com']);
    expect(ada.code).toBe(0);
    expect(ada.stdout).toContain(`  user id     ${tenant.ada.user_id}\n`);
    expect(ada.stdout).toContain('\nAuthenticators\nID');
    expect(ada.stdout).toContain(tenant.ada.enrollment.authenticatorId);

    const missing = await tessera(['user', 'nobody@example.com']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tessera: [^\n]+\n$/);
    const missingJson = await tessera(['user', 'nobody@example.com', '--json']);
    expect(JSON.parse(missingJson.stderr)).toMatchObject({ error: 'not_found' });
  });

  it('recovery-code prints only a code that the server then accepts', async () => {
    const result = await tessera(['recovery-code', tenant.bob.email]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^[A-Z0-9]{24}\n$/);
    const code = result.stdout.trim();
    const mfaToken = await loginForMfaToken(tenant.tessera.app, tenant.client, {}, tenant.bob.email);
    expect((await recoveryGrant(tenant.tessera.app, tenant.client, mfaToken, code)).statusCode).toBe(200);
  });

  it('ticket prints only the ticket URL', async () => {
    const result = await tessera(['ticket', tenant.carol.email, '--factor', 'otp']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^${tenant.baseUrl.replace(/[.]/g, '\\.')}\\S+\\n$`));
  });

  it('factors, factor and policy', async () => {
    const factors = await tessera(['factors', '--json']);
    const settings = JSON.parse(factors.stdout) as { factors: { name: string; enabled: boolean }[]; policy: string };
    expect(settings.policy).toBe('all-applications');
    expect(settings.factors.find((f) => f.name === 'otp')).toMatchObject({ enabled: true });

    expect(await tessera(['factor', 'push-notification', 'on'])).toEqual({ code: 0, stdout: 'push-notification: on\n', stderr: '' });
    expect(await tessera(['factor', 'push-notification', 'off'])).toEqual({ code: 0, stdout: 'push-notification: off\n', stderr: '' });
    expect(await tessera(['factor', 'sms', 'on'])).toEqual({ code: 0, stdout: 'sms: on\n', stderr: '' });
    expect(await tessera(['factor', 'sms', 'off'])).toEqual({ code: 0, stdout: 'sms: off\n', stderr: '' });
    const duo = await tessera(['factor', 'duo', 'on']);
    expect(duo).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^tessera: [^\n]+\n$/) });
    expect(await tessera(['policy', 'never'])).toEqual({ code: 0, stdout: 'MFA policy: never\n', stderr: '' });
    expect(await tessera(['policy', 'all-applications'])).toEqual({ code: 0, stdout: 'MFA policy: all-applications\n', stderr: '' });
    const text = await tessera(['factors']);
    expect(text.stdout).toMatch(/^FACTOR +STATE +NOTE\n/);
    expect(text.stdout).toContain('\nMFA policy: all-applications\n');
  });
  it('log-streams: a table of name, id, status, endpoint and format, and --json, never the authorization', async () => {
    expect(await tessera(['log-streams'])).toEqual({ code: 0, stdout: 'No log streams.\n', stderr: '' });
    const receiver = await startLogReceiver();
    try {
      const sink = { httpEndpoint: receiver.url, httpContentFormat: 'JSONARRAY', httpAuthorization: 'Bearer cli-stream-secret' };
      const siem = await tenant.tessera.management('POST', '/api/v2/log-streams', { name: 'SIEM', type: 'http', sink });
      const archive = await tenant.tessera.management('POST', '/api/v2/log-streams', { name: 'Archive', type: 'http', sink: { httpEndpoint: `${receiver.url}archive` } });
      // Auth0 answers a created log stream with 200.
      expect([siem.status, archive.status]).toEqual([200, 200]);
      const ids = { siem: (siem.body as { id: string }).id, archive: (archive.body as { id: string }).id };
      expect((await tenant.tessera.management('PATCH', `/api/v2/log-streams/${ids.archive}`, { status: 'paused' })).status).toBe(200);

      const text = await tessera(['log-streams']);
      expect(text).toMatchObject({ code: 0, stderr: '' });
      const rows = text.stdout.trimEnd().split('\n').map((line) => line.trim().split(/ {2,}/));
      expect(rows).toEqual([
        ['NAME', 'ID', 'STATUS', 'ENDPOINT', 'FORMAT'],
        ['SIEM', ids.siem, 'active', receiver.url, 'JSONARRAY'],
        ['Archive', ids.archive, 'paused', `${receiver.url}archive`, 'JSONLINES'],
      ]);
      const json = await tessera(['log-streams', '--json']);
      expect(JSON.parse(json.stdout)).toEqual([
        { id: ids.siem, name: 'SIEM', status: 'active', endpoint: receiver.url, format: 'JSONARRAY', contentType: 'application/json' },
        { id: ids.archive, name: 'Archive', status: 'paused', endpoint: `${receiver.url}archive`, format: 'JSONLINES', contentType: 'application/json' },
      ]);
      expect(text.stdout + json.stdout).not.toContain('cli-stream-secret');
    } finally {
      await receiver.close();
    }
  });
});

describe('tessera admin, changing people', () => {
  let tenant: AdminTenant;
  beforeEach(async () => {
    tenant = await withTenant();
    expect((await login(tenant)).code).toBe(0);
  });

  it('remove-authenticator and reset with --yes', async () => {
    const removed = await tessera(['remove-authenticator', tenant.ada.email, tenant.ada.enrollment.authenticatorId, '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(new RegExp(`^Removed authenticator ${tenant.ada.enrollment.authenticatorId.replace('|', '\\|')}.* from ada@example\\.com\\.\\n$`));
    const after = JSON.parse((await tessera(['user', tenant.ada.email, '--json'])).stdout) as { authenticators: { id: string }[] };
    expect(after.authenticators.map((a) => a.id)).not.toContain(tenant.ada.enrollment.authenticatorId);

    const reset = await tessera(['reset', tenant.bob.email, '--yes']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/^Reset MFA of bob@example\.com: \d+ authenticators? removed\.\n$/);
    expect(JSON.parse((await tessera(['user', tenant.bob.user_id, '--json'])).stdout)).toMatchObject({ mfa: [], authenticators: [] });
  });

  it('bulk-reset: a dry run lists each person and changes nothing; --yes draws a bar on a terminal and reports', async () => {
    const users = `${tenant.ada.user_id},${tenant.bob.user_id}`;
    const dry = await tessera(['bulk-reset', '--users', users, '--dry-run']);
    expect(dry.code).toBe(0);
    const lines = dry.stdout.split('\n');
    expect(lines[0]).toMatch(/^EMAIL +USER ID +WOULD REMOVE$/);
    expect(dry.stdout).toMatch(new RegExp(`\\nada@example\\.com +auth0\\|\\S+ +.*otp ${tenant.ada.enrollment.authenticatorId.replace('|', '\\|')}`));
    expect(dry.stdout).toMatch(/\nWould remove \d+ authenticators from 2 users\. Nothing was changed \(dry run\)\.\n$/);
    expect(JSON.parse((await tessera(['user', tenant.ada.email, '--json'])).stdout).authenticators.length).toBeGreaterThan(0);

    const real = await tessera(['bulk-reset', '--users', users, '--yes'], { stderrIsTty: true });
    expect(real.code).toBe(0);
    expect(real.stderr).toMatch(/^(\r\[[#.]{30}\] \d\/2 users \w+)+\n$/);
    expect(real.stderr).toContain(`\r[${'#'.repeat(30)}] 2/2 users completed\n`);
    expect(real.stdout).toMatch(/^EMAIL +USER ID +REMOVED\n/);
    expect(real.stdout).toMatch(/\nBulk reset \S+ completed: \d+ authenticators removed from 2 of 2 users\.\n$/);
    for (const email of [tenant.ada.email, tenant.bob.email]) {
      expect(JSON.parse((await tessera(['user', email, '--json'])).stdout).authenticators).toEqual([]);
    }
  });

  it('logs: newest first with a query; --follow prints new events until Ctrl-C', async () => {
    const bob = await tessera(['logs', '--query', `user_id:${tenant.bob.user_id}`, '--json']);
    const page = JSON.parse(bob.stdout) as { events: { userId: string; date: string }[] };
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.every((event) => event.userId === tenant.bob.user_id)).toBe(true);
    expect(page.events.map((e) => e.date)).toEqual([...page.events.map((e) => e.date)].sort().reverse());
    const table = await tessera(['logs', '--take', '2']);
    expect(table.stdout).toMatch(/^DATE +TYPE +EVENT +USER +APPLICATION +IP\n/);
    expect(table.stdout).toMatch(/\n\n2 of \d+ events, newest first\.\n$/);

    const controller = new AbortController();
    const follow = start(['logs', '--follow', '--query', `user_id:${tenant.bob.user_id} type:sapi`], { signal: controller.signal });
    // The header is printed once the checkpoint is taken: what follows it can only come from the tail.
    await until(() => follow.stdout() !== '' || follow.stderr() !== '', 'the tail starts');
    const recent = follow.stdout();
    expect(recent).toMatch(/^DATE +TYPE +EVENT +USER +APPLICATION +IP\n/);
    const reset = await tenant.tessera.management('DELETE', `/api/v2/users/${encodeURIComponent(tenant.bob.user_id)}/authenticators`);
    expect(reset.status).toBe(204);
    await until(() => follow.stdout().length > recent.length, 'the tail prints the reset').catch((error: Error) => {
      throw new Error(`${error.message}\nstdout: ${follow.stdout()}\nstderr: ${follow.stderr()}`);
    });
    controller.abort();
    expect(await follow.done).toBe(0);
    const lines = follow.stdout().slice(recent.length).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines.every((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d UTC +sapi +/.test(line) && line.includes(tenant.bob.email))).toBe(true);
  });
});
