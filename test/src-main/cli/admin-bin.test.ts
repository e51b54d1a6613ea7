import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoveryGrant } from '../../helpers/mfa';
import { loginForMfaToken } from '../../helpers/server';
import { keyringGate } from '../vault/keyring-gate';
import { ADMIN, startAdminTenant, tempHome, type AdminTenant } from './admin-tenant';

const ROOT = path.join(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'tessera.mjs');
const KEYCHAIN_SERVICE = 'Tessera Admin';
const gate = keyringGate();
/** util-linux `script`, which runs a command on a pseudo-terminal: how a person at a terminal meets the prompt. */
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const shellQuote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
// Fifteen real bin runs, each compiling the CLI and loading the SDK (3–4 s of CPU) and opening the keyring:
// generous, so a machine busy with other suites cannot fail the test.
const CLI_RUNS_TIMEOUT_MS = 600_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let tenant: AdminTenant;
let root: { home: string; remove(): Promise<void> };
/** The child's XDG folders, all under one temp root: the desktop app's data folder is the default one inside it. */
let xdg: Record<string, string>;
beforeEach(async () => {
  root = await tempHome();
  xdg = Object.fromEntries(['XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME'].map((name) => [name, path.join(root.home, name.toLowerCase())]));
  Object.values(xdg).forEach((dir) => mkdirSync(dir, { recursive: true }));
});
afterEach(async () => {
  await tenant?.close();
  await root.remove();
});

const inherited = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TESSERA_') || name === 'TESSERA_TEST_KEYRING'));

/** The real `tessera` bin in a child process: no TESSERA_* but the keyring marker, stdin piped (then closed). */
function tessera(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Result> {
  const child = spawn(process.execPath, [BIN, 'admin', ...args], { cwd: ROOT, env: { ...inherited(), ...xdg, ...options.env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Every file under `dir`, for the leak scan. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(entry.parentPath, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const secretTool = (...args: string[]) => {
  try {
    return execFileSync('secret-tool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // secret-tool exits 1 when nothing matches
  }
};

describe('tessera admin without the keyring', () => {
  it('an unreachable keyring is one line at login, and nothing is saved', async () => {
    tenant = await startAdminTenant();
    const result = await tessera(['login', tenant.baseUrl, '--client-id', ADMIN.clientId], {
      stdin: ADMIN.clientSecret, env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^tessera: [^\n]*Secret Service keyring[^\n]*\n$/);
    expect(filesUnder(root.home).some((file) => readFileSync(file).includes(ADMIN.clientSecret))).toBe(false);
  });
});

describe.runIf(gate.required && !gate.available)('tessera admin in the real keyring (TESSERA_REQUIRE_KEYRING=1)', () => {
  it('is available', () => {
    expect.fail(`the keyring tests are required but cannot run: ${gate.reason}`);
  });
});

describe.skipIf(!gate.available)(`tessera admin through the bin, in the real keyring${gate.available ? '' : ` (skipped: ${gate.reason})`}`, () => {
  it('logs in, manages people, factors and policy, logs out; the secret is only in the keyring', { timeout: CLI_RUNS_TIMEOUT_MS }, async () => {
    tenant = await startAdminTenant();
    const { ada, bob, carol, baseUrl } = tenant;
    // The desktop app's folder (Electron's userData on Linux), which `tessera admin` shares with the app.
    const dataDir = path.join(xdg.XDG_CONFIG_HOME!, 'tessera');
    /** What the server holds, asked directly rather than through the CLI under test. */
    const methodIds = async (userId: string) =>
      ((await tenant.tessera.management('GET', `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`)).body as { id: string }[]).map((m) => m.id);

    const wrong = await tessera(['login', baseUrl, '--client-id', ADMIN.clientId], { env: { TESSERA_ADMIN_CLIENT_SECRET: 'wrong-secret' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^tessera: [^\n]+\n$/);
    expect(existsSync(path.join(dataDir, 'admin-connections.json'))).toBe(false);
    // Other files' tests share this keyring (and this fixture's secret): look for the refused secret itself.
    expect(secretTool('search', '--all', 'service', KEYCHAIN_SERVICE) ?? '').not.toContain('wrong-secret');

    const login = await tessera(['login', baseUrl, '--client-id', ADMIN.clientId, '--json'], { stdin: `${ADMIN.clientSecret}\n` });
    expect(login).toMatchObject({ code: 0, stderr: '' });
    const connection = JSON.parse(login.stdout) as { id: string };
    expect(statSync(path.join(dataDir, 'admin-connections.json')).mode & 0o777).toBe(0o600);
    expect(secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', connection.id)).toBe(ADMIN.clientSecret);

    const users = await tessera(['users', '--json']);
    expect(users).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(users.stdout) as { users: { email: string }[] }).users.map((u) => u.email).sort()).toEqual([ada.email, bob.email, carol.email]);
    const user = await tessera(['user', ada.email]);
    expect(user).toMatchObject({ code: 0, stderr: '' });
    expect(user.stdout).toContain(ada.enrollment.authenticatorId);

    // The new recovery code works at the server; the old one no longer does.
    const code = await tessera(['recovery-code', bob.email]);
    expect(code).toMatchObject({ code: 0, stderr: '' });
    expect(code.stdout).toMatch(/^[A-Z0-9]{24}\n$/);
    const grant = async (recovery: string) =>
      (await recoveryGrant(tenant.tessera.app, tenant.client, await loginForMfaToken(tenant.tessera.app, tenant.client, {}, bob.email), recovery)).statusCode;
    expect(await grant(bob.enrollment.recoveryCode!)).not.toBe(200);
    expect(await grant(code.stdout.trim())).toBe(200);

    const ticket = await tessera(['ticket', carol.email, '--factor', 'otp']);
    expect(ticket).toMatchObject({ code: 0, stderr: '' });
    expect(ticket.stdout.startsWith(baseUrl)).toBe(true);
    expect(ticket.stdout.trim().split('\n')).toHaveLength(1);

    const removed = await tessera(['remove-authenticator', ada.email, ada.enrollment.authenticatorId, '--yes']);
    expect(removed).toMatchObject({ code: 0, stderr: '' });
    expect(await methodIds(ada.user_id)).not.toContain(ada.enrollment.authenticatorId);
    expect(await tessera(['reset', ada.email, '--yes'])).toMatchObject({ code: 0, stderr: '' });
    expect(await methodIds(ada.user_id)).toEqual([]);

    const dryRun = await tessera(['bulk-reset', '--users', `${bob.user_id},${carol.user_id}`, '--dry-run', '--json']);
    expect(dryRun).toMatchObject({ code: 0, stderr: '' });
    const preview = JSON.parse(dryRun.stdout) as { entries: { userId: string; authenticators: unknown[] }[] };
    expect(preview.entries.map((e) => e.userId).sort()).toEqual([bob.user_id, carol.user_id].sort());
    expect(preview.entries.find((e) => e.userId === bob.user_id)!.authenticators.length).toBeGreaterThan(0);
    expect((await methodIds(bob.user_id)).length).toBeGreaterThan(0);
    const bulk = await tessera(['bulk-reset', '--users', `${bob.user_id},${carol.user_id}`, '--yes']);
    expect(bulk.code).toBe(0);
    expect(bulk.stderr).toMatch(/^(progress: [^\n]+\n)+$/);
    expect(bulk.stderr).toContain('progress: 2/2 users completed\n');
    expect(bulk.stdout).toMatch(/Bulk reset \S+ completed: /);
    expect(await methodIds(bob.user_id)).toEqual([]);

    const logs = await tessera(['logs', '--query', `user_id:${bob.user_id}`, '--json']);
    expect(logs).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(logs.stdout) as { events: { userId: string }[] }).events.every((e) => e.userId === bob.user_id)).toBe(true);

    expect(await tessera(['factor', 'push-notification', 'on'])).toEqual({ code: 0, stdout: 'push-notification: on\n', stderr: '' });
    expect(await tessera(['policy', 'never'])).toEqual({ code: 0, stdout: 'MFA policy: never\n', stderr: '' });
    const factors = JSON.parse((await tessera(['factors', '--json'])).stdout) as { factors: { name: string; enabled: boolean }[]; policy: string };
    expect(factors.policy).toBe('never');
    expect(factors.factors.find((f) => f.name === 'push-notification')?.enabled).toBe(true);

    // Nowhere on disk: not in the app's data folder, nor anywhere in the XDG folders.
    const leaks = filesUnder(root.home).filter((file) => readFileSync(file).includes(ADMIN.clientSecret));
    expect(leaks).toEqual([]);
    expect(filesUnder(root.home)).toContain(path.join(dataDir, 'admin-connections.json'));

    expect(await tessera(['logout'])).toEqual({ code: 0, stdout: `Logged out of ${baseUrl} as client ${ADMIN.clientId}.\n`, stderr: '' });
    expect(secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', connection.id)).toBeNull();
  });

  it.skipIf(!hasScript)('asks for the secret on a terminal, never echoes it, and logs in', { timeout: CLI_RUNS_TIMEOUT_MS }, async () => {
    tenant = await startAdminTenant();
    const command = [process.execPath, BIN, 'admin', 'login', tenant.baseUrl, '--client-id', ADMIN.clientId].map(shellQuote).join(' ');
    // -e: script exits with the command's code. The secret is typed once the prompt shows (readline has
    // turned echo off by then), as a person would; Enter on a terminal sends \r.
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: ROOT, env: { ...inherited(), ...xdg }, stdio: 'pipe' });
    let shown = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const prompted = !shown.includes('Client secret: ') && (shown + chunk).includes('Client secret: ');
      shown += chunk;
      if (prompted) child.stdin.write(`${ADMIN.clientSecret}\r`);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    // The terminal turns each \n into \r\n; readline moves the cursor (CSI sequences), which shows no character.
    // eslint-disable-next-line no-control-regex -- matching the escape character is the point
    const visible = shown.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
    expect({ code, visible }).toEqual({
      code: 0, visible: `Client secret: \nLogged in to ${tenant.baseUrl} as client ${ADMIN.clientId}; the secret is in the OS keychain.\n`,
    });
    const [connection] = JSON.parse((await tessera(['connections', '--json'])).stdout) as { id: string }[];
    expect(secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', connection!.id)).toBe(ADMIN.clientSecret);
    expect((await tessera(['logout'])).code).toBe(0);
  });
});
