import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringGate } from '../vault/keyring-gate';
import { oathhotp, oathtotp, RFC_SECRET, SHORT_SECRET } from '../vault/vault-fixtures';

const ROOT = path.join(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'tessera.mjs');
const KEYRING = 'Secret Service keyring (login)';
const PASSWORD = 'correct horse battery staple';
const gate = keyringGate();
const execute = promisify(execFile);
// A dozen real bin runs, each opening the keyring: generous, so a busy machine cannot fail the test.
const CLI_RUNS_TIMEOUT_MS = 120_000;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real `tessera` bin in a child process, with only the TESSERA_* variables given. */
async function tessera(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TESSERA_') || name === 'TESSERA_TEST_KEYRING'));
  try {
    const { stdout, stderr } = await execute(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...inherited, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A TOTP code taken between two instants: equal to oathtool's for one of them (a step may end meanwhile). */
async function timedCode(ref: string, home: string, secret: string) {
  const before = Date.now();
  const result = await tessera(['otp', 'code', ref], { TESSERA_HOME: home });
  const after = Date.now();
  return { result, expected: [...new Set([oathtotp(secret, 'SHA1', 6, 30, before), oathtotp(secret, 'SHA1', 6, 30, after)].map((code) => `${code}\n`))] };
}

let homes: string[] = [];
const newHome = () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'tessera-otp-cli-'));
  homes.push(home);
  return home;
};
beforeEach(() => {
  homes = [];
});
afterEach(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

describe('tessera otp without the keyring', () => {
  it('a keyring it cannot reach is one line naming it, exit code 1, no stack', async () => {
    const result = await tessera(['otp', 'list'], { TESSERA_HOME: newHome(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } as Record<string, string>);
    expect(result).toEqual({
      code: 1, stdout: '',
      stderr: `tessera: The ${KEYRING} is unreachable (Platform failure: DBus error: Failed to connect to socket /nonexistent/bus: No such file or directory): start or unlock it and retry\n`,
    });
  });

  it.each([
    [['otp', 'code'], 2, 'tessera: wrong number of arguments\nusage: tessera otp code <label-or-id>\n'],
    [['otp', 'add', 'otpauth://totp/a?secret=x', 'extra'], 2, 'tessera: wrong number of arguments\nusage: tessera otp add <otpauth-uri> [--json]\n'],
    [['otp', 'export', '--encrypted'], 2, 'tessera: a backup password is needed: set TESSERA_BACKUP_PASSWORD, or run this in a terminal to be asked\n'],
    [['otp', 'import', '/nonexistent/file.txt'], 1, 'tessera: cannot read /nonexistent/file.txt: no such file\n'],
  ])('tessera %j exits %i', async (args, code, stderr) => {
    expect(await tessera(args, { TESSERA_HOME: newHome() })).toEqual({ code, stdout: '', stderr });
  });
});

describe.runIf(gate.required && !gate.available)('tessera otp in the real keyring (TESSERA_REQUIRE_KEYRING=1)', () => {
  it('is available', () => {
    expect.fail(`the keyring tests are required but cannot run: ${gate.reason}`);
  });
});

describe.skipIf(!gate.available)(`tessera otp in the real keyring${gate.available ? '' : ` (skipped: ${gate.reason})`}`, () => {
  it('adds, lists, gives codes equal to oathtool, exports, imports elsewhere and removes', async () => {
    const home = newHome();
    const added = await tessera(['otp', 'add', `otpauth://totp/GitHub:alice%40example.com?secret=${SHORT_SECRET}&issuer=GitHub`, '--json'], { TESSERA_HOME: home });
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const account = JSON.parse(added.stdout) as { id: string; createdAt: string };
    expect(Date.now() - Date.parse(account.createdAt)).toBeLessThan(60_000);
    const hotp = await tessera(['otp', 'add', `otpauth://hotp/Bank:bob?secret=${RFC_SECRET}&counter=5`], { TESSERA_HOME: home });
    expect(hotp.stdout).toMatch(/^Added Bank: bob \([0-9a-f]{16}\)\.\n$/);
    const hotpId = /\(([0-9a-f]{16})\)/.exec(hotp.stdout)![1]!;

    const listed = await tessera(['otp', 'list', '--json'], { TESSERA_HOME: home });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).not.toContain(SHORT_SECRET);
    expect(listed.stdout).not.toContain(RFC_SECRET);
    expect(JSON.parse(listed.stdout)).toEqual([
      { id: account.id, kind: 'totp', issuer: 'GitHub', label: 'alice@example.com', algorithm: 'SHA1', digits: 6, period: 30, counter: null,
        colour: null, icon: null, group: null, pinned: false, sortOrder: 0, createdAt: account.createdAt, useCount: 0, lastUsedAt: null },
      { id: hotpId, kind: 'hotp', issuer: 'Bank', label: 'bob', algorithm: 'SHA1', digits: 6, period: 30, counter: 5,
        colour: null, icon: null, group: null, pinned: false, sortOrder: 1, createdAt: expect.any(String), useCount: 0, lastUsedAt: null },
    ]);
    const text = await tessera(['otp', 'list'], { TESSERA_HOME: home });
    expect(text.stdout).toBe(`${account.id}  GitHub: alice@example.com  (TOTP SHA1, 6 digits, 30 s)\n${hotpId}  Bank: bob  (HOTP SHA1, 6 digits, counter 5)\n`);

    const { result, expected } = await timedCode('github', home, SHORT_SECRET);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(expected).toContain(result.stdout);
    expect((await tessera(['otp', 'code', 'bob'], { TESSERA_HOME: home })).stdout).toBe(`${oathhotp(RFC_SECRET, 5)}\n`);
    expect((await tessera(['otp', 'code', hotpId], { TESSERA_HOME: home })).stdout).toBe(`${oathhotp(RFC_SECRET, 6)}\n`);

    const backup = path.join(home, 'backup.json');
    const exported = await tessera(['otp', 'export', '--encrypted', '--out', backup], { TESSERA_HOME: home, TESSERA_BACKUP_PASSWORD: PASSWORD });
    expect(exported).toEqual({ code: 0, stdout: '', stderr: `Exported 2 accounts to ${backup} (encrypted backup).\n` });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const other = newHome();
    const imported = await tessera(['otp', 'import', backup, '--password-env', 'MY_PASSWORD'], { TESSERA_HOME: other, MY_PASSWORD: PASSWORD } as Record<string, string>);
    expect(imported).toEqual({ code: 0, stdout: 'Imported 2 accounts from the Tessera backup.\n', stderr: '' });
    const copied = await timedCode('GitHub:alice@example.com', other, SHORT_SECRET);
    expect(copied.expected).toContain(copied.result.stdout);
    expect((await tessera(['otp', 'code', 'bank'], { TESSERA_HOME: other })).stdout).toBe(`${oathhotp(RFC_SECRET, 7)}\n`);

    const plain = await tessera(['otp', 'export'], { TESSERA_HOME: home });
    expect(plain.stdout).toBe(`otpauth://totp/GitHub:alice%40example.com?secret=${SHORT_SECRET}&issuer=GitHub&algorithm=SHA1&digits=6&period=30\n`
      + `otpauth://hotp/Bank:bob?secret=${RFC_SECRET}&issuer=Bank&algorithm=SHA1&digits=6&counter=7\n`);

    expect(await tessera(['otp', 'remove', 'alice@example.com'], { TESSERA_HOME: home }))
      .toEqual({ code: 0, stdout: `Removed GitHub: alice@example.com (${account.id}).\n`, stderr: '' });
    expect(JSON.parse((await tessera(['otp', 'list', '--json'], { TESSERA_HOME: home })).stdout)).toHaveLength(1);
    expect(await tessera(['otp', 'code', 'alice@example.com'], { TESSERA_HOME: home }))
      .toEqual({ code: 1, stdout: '', stderr: 'tessera: no account matches "alice@example.com"\n' });
  }, CLI_RUNS_TIMEOUT_MS);

  it('otp code finds an account by a part of its name, as ykman does; an exact name beats the parts', async () => {
    const home = newHome();
    const add = (uri: string) => tessera(['otp', 'add', uri], { TESSERA_HOME: home });
    await add(`otpauth://hotp/ACME:alice%40example.com?secret=${RFC_SECRET}&issuer=ACME&counter=0`);
    await add(`otpauth://totp/GitHub:alice?secret=${SHORT_SECRET}&issuer=GitHub`);
    await add(`otpauth://totp/alice-old?secret=${SHORT_SECRET}`);
    const code = (query: string) => tessera(['otp', 'code', query], { TESSERA_HOME: home });

    expect(await code('acme')).toEqual({ code: 0, stdout: `${oathhotp(RFC_SECRET, 0)}\n`, stderr: '' });
    expect(await code('@EXAMPLE.com')).toEqual({ code: 0, stdout: `${oathhotp(RFC_SECRET, 1)}\n`, stderr: '' });
    expect(await code('ACME: alice@example.com')).toEqual({ code: 0, stdout: `${oathhotp(RFC_SECRET, 2)}\n`, stderr: '' });
    // "alice" is the whole label of one account and a part of the others: the exact one wins.
    const exact = await timedCode('alice', home, SHORT_SECRET);
    expect(exact.result).toMatchObject({ code: 0, stderr: '' });
    expect(exact.expected).toContain(exact.result.stdout);

    expect(await code('ALIC')).toEqual({
      code: 1, stdout: '',
      stderr: 'tessera: "ALIC" matches several accounts:\nACME: alice@example.com\nGitHub: alice\nalice-old\n',
    });
    expect(await code('nobody')).toEqual({ code: 1, stdout: '', stderr: 'tessera: no account matches "nobody"\n' });
    // Several matches and no match hand out no code: the HOTP counter is where the last code left it.
    expect(await code('acme')).toEqual({ code: 0, stdout: `${oathhotp(RFC_SECRET, 3)}\n`, stderr: '' });
  }, CLI_RUNS_TIMEOUT_MS);

  it('a locked keyring is one line naming it, exit code 1, and the accounts are not reported missing', async () => {
    const home = newHome();
    // In a nested private keyring: locking the shared one would break the other keyring tests.
    const script = [
      `node bin/tessera.mjs otp add 'otpauth://totp/GitHub:alice?secret=${SHORT_SECRET}' >/dev/null`,
      'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null',
      'node bin/tessera.mjs otp list 2>&1 | grep -v "fd limit" ; echo "exit=${PIPESTATUS[0]}"',
    ].join('\n');
    const { stdout } = await execute('bash', ['scripts/with-keyring.sh', 'bash', '-c', script], { cwd: ROOT, env: { ...process.env, TESSERA_HOME: home } });
    expect(stdout).toBe(`tessera: The ${KEYRING} is locked or unavailable (Couldn't access platform storage: Secret Service: unlock prompt was dismissed): unlock it and retry\nexit=1\n`);
  });
});
