import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src-main/cli/context';
import { tesseraHome } from '../../../src-main/cli/data-dir';
import { parseAnswer } from '../../../src-main/cli/decision-prompt';
import { terminalSafe } from '../../../src-main/cli/format';
import { main } from '../../../src-main/cli/main';
import { fixedClock } from '../../helpers/clock';
import { openEventStream, sendJson, startFakeGuardian, type FakeGuardian } from '../push-device/fake-guardian';
import { ENROLLMENT_ID, NOW_MS, pushData, sseEvent, USER_ID } from '../push-device/fixtures';

let home: string;
let guardian: FakeGuardian | undefined;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-'));
});
afterEach(async () => {
  await guardian?.close();
  guardian = undefined;
  await rm(home, { recursive: true, force: true });
});

function cli(stdinText?: string) {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.write(stdinText);
  const context: CliContext = {
    stdout: stdout.stream, stderr: stderr.stream, stdin,
    env: { TESSERA_HOME: home }, platform: 'linux', homedir: '/home/u', hostname: 'test-host',
    fetch: (input, init) => fetch(input, init), clock: fixedClock(NOW_MS), signal: new AbortController().signal,
  };
  return { run: (...argv: string[]) => main(argv, context), stdout: stdout.text, stderr: stderr.text };
}

/** A Guardian stand-in that enrolls, streams one number-matching request and records the decision. */
async function startServer() {
  return startFakeGuardian((req, res) => {
    if (req.url.endsWith('/api/enroll')) return sendJson(res, 201, { id: ENROLLMENT_ID, user_id: USER_ID, issuer: 'Tessera' });
    if (req.url.endsWith('/events')) return (openEventStream(res), void res.write(sseEvent('tx_1', pushData('txtkn-1'))));
    res.writeHead(204).end();
  });
}

const barcode = (origin: string) => `otpauth://totp/Tessera:alice?enrollment_tx_id=tx_E&base_url=${encodeURIComponent(origin)}`;
const challengeResponseClaims = (body: string) =>
  JSON.parse(Buffer.from(JSON.parse(body).challenge_response.split('.')[1], 'base64url').toString());

describe('tessera device', () => {
  it('enrolls, lists, approves one request with --number, and removes', async () => {
    guardian = await startServer();
    expect(await cli().run('device', 'enroll', barcode(guardian.origin), '--name', 'ci box')).toBe(0);

    const list = cli();
    expect(await list.run('device', 'list', '--json')).toBe(0);
    expect(JSON.parse(list.stdout())).toEqual([expect.objectContaining({ enrollmentId: ENROLLMENT_ID, name: 'ci box', totp: null })]);

    const listen = cli();
    expect(await listen.run('device', 'listen', '--approve', '--number', '47', '--once')).toBe(0);
    expect(listen.stdout()).toContain('  application  Demo App\n  ip           203.0.113.7\n');
    expect(listen.stdout()).toContain('  numbers      12  47  83\napproved with 47\n');
    const resolve = guardian.requests.find((r) => r.url === '/appliance-mfa/api/resolve-transaction')!;
    expect(challengeResponseClaims(resolve.body)).toMatchObject({ auth0_guardian_accepted: true, tessera_number: '47' });

    expect(await cli().run('device', 'remove')).toBe(0);
    expect(guardian.requests.at(-1)).toMatchObject({ method: 'DELETE', url: `/appliance-mfa/api/device-accounts/${ENROLLMENT_ID}` });
    expect(await readdir(path.join(home, 'keys'))).toEqual([]);
  });

  it('asks interactively, re-asks on a number that was not offered, and sends "not me"', async () => {
    guardian = await startServer();
    await cli().run('device', 'enroll', barcode(guardian.origin));
    const listen = cli('99\nn\n');
    expect(await listen.run('device', 'listen', '--once')).toBe(0);
    expect(listen.stdout()).toContain('type one of 12, 47, 83, or d or n\n');
    expect(listen.stdout()).toContain('denied (not_me)\n');
    const resolve = guardian.requests.find((r) => r.url === '/appliance-mfa/api/resolve-transaction')!;
    expect(challengeResponseClaims(resolve.body)).toMatchObject({ auth0_guardian_accepted: false, auth0_guardian_reason: 'not_me' });
  });

  it.each([
    [['device', 'listen', '--approve', '--deny'], 2, '--approve and --deny exclude each other'],
    [['device', 'listen', '--number', '4'], 2, '--number NN (two digits) goes with --approve'],
    [['device', 'enroll'], 2, 'wrong number of arguments'],
    [['device', 'list', '--bogus'], 2, "Unknown option '--bogus'"],
    [['bogus'], 2, 'unknown command "bogus"'],
    [['device', 'enroll', 'otpauth://totp/x?secret=A'], 1, 'not a push enrollment'],
    [['device', 'remove'], 1, 'this device has no push enrollments'],
    [['device', 'enroll', 'otpauth://totp/x?enrollment_tx_id=t&base_url=http%3A%2F%2F127.0.0.1%3A1'], 1, 'cannot reach the server'],
  ])('tessera %j exits %i with a clear message', async (argv, code, message) => {
    const session = cli();
    expect(await session.run(...argv)).toBe(code);
    expect(session.stderr()).toContain(message);
  });
});

describe('CLI helpers', () => {
  it.each([
    [{ TESSERA_HOME: '/data/t' }, 'linux', '/data/t'],
    [{}, 'linux', '/home/u/.local/share/tessera/cli'],
    [{ XDG_DATA_HOME: '/xdg' }, 'linux', '/xdg/tessera/cli'],
    [{}, 'darwin', '/home/u/Library/Application Support/tessera/cli'],
    [{ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u\\AppData\\Roaming\\tessera\\cli'],
  ] as const)('puts data for %j on %s in %s', (env, platform, expected) => {
    expect(tesseraHome({ env, platform, homedir: '/home/u' })).toBe(expected);
  });

  it.each([
    ['47', ['12', '47', '83'], { action: 'approve', number: '47' }],
    [' D ', ['12', '47', '83'], { action: 'deny' }],
    ['n', null, { action: 'deny', reason: 'not_me' }],
    ['y', null, { action: 'approve' }],
    ['y', ['12', '47', '83'], { retry: 'type one of 12, 47, 83, or d or n' }],
    ['47', null, { retry: 'type y, d or n' }],
  ])('reads the answer %j', (answer, choices, expected) => {
    expect(parseAnswer(answer, choices)).toEqual(expected);
  });

  it('neutralises terminal escapes and bidi overrides in server text', () => {
    expect(terminalSafe('evil\u001b[2J\u202eapp\r\n')).toBe('evil\uFFFD[2J\uFFFDapp\uFFFD\uFFFD');
  });
});
