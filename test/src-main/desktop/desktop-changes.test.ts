import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChangeEmitter } from '../../../src-main/desktop/change-emitter';
import type { Desktop } from '../../../src-main/desktop/desktop';
import type { IdleTimers } from '../../../src-main/desktop/lock-service';
import { ChangeTopic } from '../../../src-main/ipc/contract';
import { startDesktop, valueOf } from './desktop-fixture';

// The console.error spies: files share a worker (and its console) in the main project.
afterEach(() => void vi.restoreAllMocks());

const URI = 'otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const PASSCODE = '4711-passcode';
const MINUTE_MS = 60_000;

/** Every call the desktop's listeners receive, with all its arguments (a topic must be all there is). */
function recordChanges(desktop: Desktop): { calls: unknown[][]; topics(): unknown[]; settle(): Promise<void> } {
  const calls: unknown[][] = [];
  desktop.onChange((...args: unknown[]) => void calls.push(args));
  return {
    calls,
    topics: () => calls.map(([topic]) => topic),
    // Topics are delivered a microtask after the change; a macrotask later they have all arrived.
    settle: () => new Promise((done) => setImmediate(done)),
  };
}

/** Idle timers the test fires by hand, so "a minute without input" takes no time. */
function manualTimers(): IdleTimers & { armedMs(): number[]; fire(): void } {
  const armed = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  return {
    setTimeout(callback, ms) {
      armed.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void armed.delete(handle as number),
    armedMs: () => [...armed.values()].map(({ ms }) => ms),
    fire() {
      const due = [...armed.values()];
      armed.clear();
      for (const { callback } of due) callback();
    },
  };
}

describe('change topics for the page', () => {
  it('announce every change of the accounts as "accounts", and nothing for reads or refused changes', async () => {
    const { desktop } = await startDesktop();
    const changes = recordChanges(desktop);
    const [account] = valueOf(await desktop.handlers['vault:addUri'](URI)).added;
    await changes.settle();
    expect(changes.topics()).toEqual(['accounts']);

    valueOf(await desktop.handlers['vault:list']());
    valueOf(await desktop.handlers['vault:codes']());
    valueOf(await desktop.handlers['vault:copyCode'](account!.id));
    await desktop.handlers['vault:previewManual']({ issuer: 'X', label: 'y', secret: 'JBSWY3DPEHPK3PXP', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(await desktop.handlers['vault:addUri']('https://example.com/')).toMatchObject({ ok: false });
    expect(await desktop.handlers['vault:remove']('no-such-account')).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    await changes.settle();
    expect(changes.topics()).toEqual(['accounts']);

    valueOf(await desktop.handlers['vault:update'](account!.id, { pinned: true }));
    await changes.settle();
    valueOf(await desktop.handlers['vault:remove'](account!.id));
    await changes.settle();
    expect(changes.topics()).toEqual(['accounts', 'accounts', 'accounts']);
    // Only the topic crosses: no account, code or secret rides along.
    expect(changes.calls).toEqual([['accounts'], ['accounts'], ['accounts']]);
  });

  it('announce the passcode, locking by hand, on the OS lock, after the idle minutes and unlocking as "lock"', async () => {
    const timers = manualTimers();
    const { desktop, adapters } = await startDesktop({ idleTimers: timers });
    const changes = recordChanges(desktop);
    valueOf(await desktop.handlers['settings:update']({ idleLockMinutes: 1 }));
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    expect(timers.armedMs()).toEqual([MINUTE_MS]);
    await changes.settle();
    expect(changes.topics()).toEqual(['settings', 'lock']);

    timers.fire();
    expect(desktop.lock.isLocked()).toBe(true);
    await changes.settle();
    expect(await desktop.handlers['lock:unlock']('wrong')).toMatchObject({ ok: false });
    valueOf(await desktop.handlers['lock:unlock'](PASSCODE));
    await changes.settle();
    valueOf(await desktop.handlers['lock:lock']());
    await changes.settle();
    valueOf(await desktop.handlers['lock:unlock'](PASSCODE));
    adapters.osLock();
    await changes.settle();
    expect(changes.topics()).toEqual(['settings', 'lock', 'lock', 'lock', 'lock', 'lock', 'lock']);
  });

  it('announce every saved setting as "settings", and nothing for reads or refused changes', async () => {
    const { desktop } = await startDesktop();
    const changes = recordChanges(desktop);
    expect(await desktop.handlers['settings:get']()).toMatchObject({ hideCodes: false });
    await changes.settle();
    expect(changes.calls).toEqual([]);

    valueOf(await desktop.handlers['settings:update']({ hideCodes: true }));
    await changes.settle();
    valueOf(await desktop.handlers['settings:update']({ clipboardClearSeconds: 45, lockOnOsLock: false }));
    await changes.settle();
    expect(changes.calls).toEqual([['settings'], ['settings']]);

    // Refused while locked: nothing was saved, so nothing is announced (the passcode and the lock are "lock").
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    await changes.settle();
    valueOf(await desktop.handlers['lock:lock']());
    await changes.settle();
    expect(await desktop.handlers['settings:update']({ hideCodes: false })).toEqual({ ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } });
    await changes.settle();
    expect(changes.topics()).toEqual(['settings', 'settings', 'lock', 'lock']);
    expect(await desktop.handlers['settings:get']()).toMatchObject({ hideCodes: true, clipboardClearSeconds: 45, lockOnOsLock: false });
  });

  it('announce a new port as "settings" and, for a stopped server, "server"', async () => {
    const { desktop } = await startDesktop();
    const changes = recordChanges(desktop);
    valueOf(await desktop.handlers['settings:update']({ serverPort: 3999 }));
    await changes.settle();
    expect(changes.topics()).toEqual(['settings', 'server']);
  });
});

describe('the change emitter', () => {
  it('sends a topic once for several reports within one turn, keeps going past a failing listener, and unsubscribes', async () => {
    const emitter = createChangeEmitter();
    const heard: ChangeTopic[] = [];
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    emitter.subscribe(() => {
      throw new Error('a broken listener');
    });
    const stop = emitter.subscribe((topic) => heard.push(topic));
    emitter.emit(ChangeTopic.push);
    emitter.emit(ChangeTopic.server);
    emitter.emit(ChangeTopic.push);
    expect(heard).toEqual([]);
    await new Promise((done) => setImmediate(done));
    expect(heard).toEqual(['push', 'server']);
    stop();
    emitter.emit(ChangeTopic.lock);
    await new Promise((done) => setImmediate(done));
    expect(heard).toEqual(['push', 'server']);
  });
});
