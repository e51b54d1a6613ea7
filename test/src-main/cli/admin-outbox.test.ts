import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src-main/cli/context';
import { main } from '../../../src-main/cli/main';
import { NO_OUTBOX } from '../../../src-main/desktop/admin/outbox';
import { createMemorySecretStore } from '../../../src-main/vault/secret-store';
import { startHttpTessera, type HttpTessera } from '../../helpers/browser';
import { ADMIN } from '../../helpers/server';
import { tempHome } from './admin-tenant';

const TEMPLATE = '{{code}} is your verification code for {{tenant.friendly_name}}';

let tessera: HttpTessera | undefined;
let home: { home: string; remove(): Promise<void> };
let keychain: ReturnType<typeof createMemorySecretStore>;
beforeEach(async () => {
  home = await tempHome();
  keychain = createMemorySecretStore();
});
afterEach(async () => {
  await tessera?.close();
  tessera = undefined;
  await home.remove();
});

/** One in-process `tessera admin …` run with the test's data folder and in-memory keychain, read while it runs. */
function start(argv: string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  let out = '';
  let err = '';
  const stdout = new PassThrough().on('data', (chunk: Buffer) => (out += chunk.toString()));
  const stderr = new PassThrough().on('data', (chunk: Buffer) => (err += chunk.toString()));
  const context: CliContext = {
    stdout, stderr, stdin: new PassThrough(),
    env: { TESSERA_HOME: home.home, TESSERA_APP_DATA: home.home, ...options.env }, platform: 'linux', homedir: '/home/u', hostname: 'test-host',
    fetch: (input, init) => fetch(input, init), clock: { now: () => Date.now() },
    signal: options.signal ?? new AbortController().signal, secretStore: keychain,
  };
  return { done: main(['admin', ...argv], context), stdout: () => out, stderr: () => err };
}
async function admin(argv: string[]) {
  const run = start(argv);
  return { code: await run.done, stdout: run.stdout(), stderr: run.stderr() };
}
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`never happened: ${what}`);
}

async function loggedIn(outbox: boolean): Promise<HttpTessera> {
  tessera = await startHttpTessera({ outbox });
  const login = start(['login', tessera.issuer, '--client-id', ADMIN.clientId], { env: { TESSERA_ADMIN_CLIENT_SECRET: ADMIN.clientSecret } });
  expect(await login.done).toBe(0);
  return tessera;
}
const send = (server: HttpTessera, channel: 'sms' | 'voice' | 'email', to: string, code: string) =>
  server.codeDelivery!.send({ channel, to, code, template: TEMPLATE, tenantName: 'Acme' });

describe('tessera admin outbox', () => {
  it('prints the kept messages newest first, codes shown and recipients masked; --json and --show-recipient', async () => {
    const server = await loggedIn(true);
    expect(await admin(['outbox'])).toEqual({ code: 0, stderr: '', stdout: 'The outbox is empty: no code has been sent since it was last cleared.\n' });
    await send(server, 'sms', '+14155550123', '048213');
    await send(server, 'email', 'ada@example.com', '771004');
    const table = await admin(['outbox']);
    expect(table.code).toBe(0);
    const date = table.stdout.split('\n')[1]!.slice(0, 20);
    expect(table.stdout).toBe(
      [
        'DATE                  CHANNEL  RECIPIENT         CODE    MESSAGE',
        `${date}  email    a***@example.com  771004  Your verification code for Acme: 771004 is your verification code for Acme If you did not ask for this code, you can ignore this email.`,
        `${date}  sms      +XXXXXXX0123      048213  048213 is your verification code for Acme`,
        '',
        '2 messages, newest first.',
        '',
      ].join('\n'),
    );
    const json = await admin(['outbox', '--json', '--show-recipient', '--take', '1']);
    expect(JSON.parse(json.stdout)).toEqual([
      { id: expect.stringMatching(/^msg_/), createdAt: expect.any(String), channel: 'email', recipient: 'ada@example.com', subject: 'Your verification code for Acme', message: expect.stringContaining('771004'), code: '771004' },
    ]);
  });

  it('--follow prints messages as they are kept, until Ctrl-C', async () => {
    const server = await loggedIn(true);
    await send(server, 'sms', '+14155550123', '111111');
    const controller = new AbortController();
    const follow = start(['outbox', '--follow', '--json'], { signal: controller.signal });
    await until(() => follow.stdout().includes('111111') || follow.stderr() !== '', 'the follow starts');
    await send(server, 'voice', '+14155550123', '222222');
    await send(server, 'sms', '+14155550123', '333333');
    await until(() => follow.stdout().includes('333333') || follow.stderr() !== '', 'the follow prints the new messages');
    controller.abort();
    expect(await follow.done).toBe(0);
    expect(follow.stderr()).toBe('');
    expect(follow.stdout().trim().split('\n').map((line) => (JSON.parse(line) as { code: string }).code)).toEqual(['111111', '222222', '333333']);
  });

  it('says why there is nothing to show on a server that sends its codes, exit 1', async () => {
    await loggedIn(false);
    expect(await admin(['outbox'])).toEqual({ code: 1, stdout: '', stderr: `tessera: ${NO_OUTBOX}\n` });
    expect(await admin(['outbox', '--json'])).toEqual({ code: 1, stdout: '', stderr: `${JSON.stringify({ error: 'failed', message: NO_OUTBOX })}\n` });
  });

  it('refuses a --take past the server limit', async () => {
    expect(await admin(['outbox', '--take', '101'])).toEqual({ code: 2, stdout: '', stderr: 'tessera: --take can be at most 100\n' });
  });
});
