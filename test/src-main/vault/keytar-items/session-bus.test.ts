import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSessionBus, type SessionBus } from '../../../../src-main/vault/keytar-items/session-bus';

const GET_ID = { destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetId' };
const hasDbusDaemon = process.platform === 'linux' && spawnSync('dbus-daemon', ['--version']).status === 0;

describe.runIf(hasDbusDaemon)('openSessionBus against a real dbus-daemon', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

  async function startDaemon(address: string): Promise<string> {
    const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=${address}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanups.push(() => daemon.kill());
    const [printed] = await once(daemon.stdout, 'data') as [Buffer];
    return printed.toString('utf8').trim();
  }

  async function opened(address: string, signal = new AbortController().signal): Promise<SessionBus> {
    const bus = await openSessionBus(signal, address);
    cleanups.push(() => bus.close());
    return bus;
  }

  it('rejects with the D-Bus error name and message of an error reply', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bus-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bus = await opened(await startDaemon(`unix:path=${path.join(dir, 'bus')}`));
    await expect(bus.call({ ...GET_ID, member: 'GetNameOwner', signature: 's', body: ['org.example.Nobody'] }))
      .rejects.toThrow(/^org\.freedesktop\.DBus\.Error\.NameHasNoOwner: .*org\.example\.Nobody/);
  });

  it('rejects a pending call, rather than waiting forever, when the bus hangs up', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bus-'));
    const socket = path.join(dir, 'bus');
    const server = createServer((connection) => connection.destroy());
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close());
    server.listen(socket);
    await once(server, 'listening');
    const bus = await opened(`unix:path=${socket}`);
    await expect(bus.call(GET_ID)).rejects.toThrow(/D-Bus session bus closed the connection|ECONNRESET|EPIPE/);
  });

  it('rejects a pending call when the signal aborts (the keyring timeout)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bus-'));
    const socket = path.join(dir, 'bus');
    // A bus that accepts the connection and never answers the handshake.
    const server = createServer(() => undefined);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close());
    server.listen(socket);
    await once(server, 'listening');
    const abort = new AbortController();
    const bus = await opened(`unix:path=${socket}`, abort.signal);
    const call = bus.call(GET_ID);
    abort.abort();
    await expect(call).rejects.toThrow('the D-Bus session bus connection was closed');
  });

  it('names the missing variable when there is no session', async () => {
    await expect(openSessionBus(new AbortController().signal, '')).rejects.toThrow('no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset)');
  });

  it('fails, rather than hangs, on an abstract socket address (the library needs an addon for it)', async () => {
    await expect(openSessionBus(new AbortController().signal, 'unix:abstract=/tmp/dbus-none')).rejects.toThrow(/abstract-socket/);
  });

  it('refuses an already aborted signal before connecting', async () => {
    await expect(openSessionBus(AbortSignal.abort(), 'unix:path=/nonexistent/bus')).rejects.toThrow(/abort/i);
  });
});
