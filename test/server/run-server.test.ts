import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it as base } from 'vitest';
import { SERVER_MALLOC_ENV, serverProcessEnv } from '../../scripts/run-server.mjs';
import { SERVER_LAUNCHER, ServerGroup } from '../helpers/process.js';

/** `npm run server`'s launcher (scripts/run-server.mjs): the allocator settings it gives the server, and that it stands in for the server faithfully (flags, output, signals, exit status). */

const MALLOC_SETTINGS = { MALLOC_ARENA_MAX: '1', MALLOC_MMAP_THRESHOLD_: '67108864', MALLOC_TRIM_THRESHOLD_: '134217728' };

describe('serverProcessEnv', () => {
  base('adds glibc’s allocator settings on Linux and keeps any the operator set', ({ expect }) => {
    expect(SERVER_MALLOC_ENV).toEqual(MALLOC_SETTINGS);
    const env = { PATH: '/usr/bin', MALLOC_ARENA_MAX: '4' };
    expect(serverProcessEnv(env, 'linux')).toEqual({ ...MALLOC_SETTINGS, PATH: '/usr/bin', MALLOC_ARENA_MAX: '4' });
    expect(env).toEqual({ PATH: '/usr/bin', MALLOC_ARENA_MAX: '4' });
  });

  base('adds nothing where the C library is not glibc’s', ({ expect }) => {
    for (const platform of ['darwin', 'win32', 'freebsd'] as const) expect(serverProcessEnv({ PATH: '/usr/bin' }, platform)).toEqual({ PATH: '/usr/bin' });
  });
});

interface Workspace {
  root: string;
  servers: ServerGroup;
  /** The launcher's children, from /proc (Linux): it has exactly one, the server. Killed at the end if still there. */
  childrenOf(launcher: number): number[];
}

const it = base.extend<{ ws: Workspace }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
  ws: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'tessera-run-server-'));
    const servers = new ServerGroup();
    const seen = new Set<number>();
    const childrenOf = (launcher: number) => {
      const children = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      children.forEach((child) => seen.add(child));
      return children;
    };
    try {
      await use({ root, servers, childrenOf });
    } finally {
      // A failed case can kill a launcher before its server: the server would outlive the test.
      for (const child of seen) if (existsSync(`/proc/${child}`)) process.kill(child, 'SIGKILL');
      await servers.killAll();
      rmSync(root, { recursive: true, force: true });
    }
  },
});

describe.runIf(process.platform === 'linux')('scripts/run-server.mjs as a process', () => {
  it('starts out/node/server.mjs with the settings, passes its output through, and ends with it on SIGTERM', async ({ ws: { root, servers, childrenOf }, expect }) => {
    const launched = await servers.start(join(root, 'data'), {}, undefined, [SERVER_LAUNCHER]);
    const [server, ...others] = childrenOf(launched.child.pid!);
    expect(others).toEqual([]);
    expect(readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0')[1]).toMatch(/\/out\/node\/server\.mjs$/);
    const environment = readFileSync(`/proc/${server}/environ`, 'utf8').split('\0');
    expect(environment).toEqual(expect.arrayContaining(Object.entries(MALLOC_SETTINGS).map(([name, value]) => `${name}=${value}`)));
    expect((await fetch(new URL('.well-known/jwks.json', launched.url))).status).toBe(200);

    expect(await launched.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    // The exit can be reported before the last of the output is read.
    const stdout = launched.child.stdout!;
    if (!stdout.readableEnded) await once(stdout, 'end');
    expect(launched.logs.filter((line) => line.msg === 'shutting down').map((line) => line.signal)).toEqual(['SIGTERM']);
    expect(existsSync(`/proc/${server}`)).toBe(false);
  });

  it('passes flags on, and a refused configuration’s exit code and message back', async ({ ws: { root, servers }, expect }) => {
    // The environment's port is fine: the refusal can only come from the flag.
    const env = { TESSERA_DATA_DIR: join(root, 'data'), TESSERA_HOST: '127.0.0.1', TESSERA_PORT: '3997' };
    const result = await servers.runToExit(env, [SERVER_LAUNCHER, '--port', 'abc']);
    expect({ code: result.code, signal: result.signal, stderr: result.stderr.trim() }).toEqual({ code: 1, signal: null, stderr: 'TESSERA_PORT must be a port number: abc' });
  });

  it('ends by the signal that ended the server', async ({ ws: { root, servers, childrenOf }, expect }) => {
    const launched = await servers.start(join(root, 'data'), {}, undefined, [SERVER_LAUNCHER]);
    const [server] = childrenOf(launched.child.pid!);
    process.kill(server!, 'SIGKILL');
    expect(await launched.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });
});
