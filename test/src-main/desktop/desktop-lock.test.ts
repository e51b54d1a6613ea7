import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_FILE } from '../../../src-main/desktop/settings-store';
import { DEFAULT_SETTINGS } from '../../../src-main/desktop/settings-limits';
import { startDesktop, valueOf } from './desktop-fixture';

const URI = 'otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const PASSCODE = '4711-passcode';
const LOCKED = { ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } };
const idleMs = (minutes: number) => minutes * 60_000;

afterEach(() => void vi.useRealTimers());

describe('lock channels', () => {
  it('cannot lock without a passcode', async () => {
    const { desktop } = await startDesktop();
    expect(await desktop.handlers['lock:lock']()).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Set a passcode before locking Tessera' } });
  });

  it('locks every vault and push channel until the passcode is given', async () => {
    const { desktop } = await startDesktop();
    const [account] = valueOf(await desktop.handlers['vault:addUri'](URI)).added;
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    valueOf(await desktop.handlers['lock:lock']());

    expect(await desktop.handlers['vault:status']()).toEqual({ state: 'locked', passcodeSet: true });
    const refused = await Promise.all([
      desktop.handlers['vault:list'](),
      desktop.handlers['vault:codes'](),
      desktop.handlers['vault:copyCode'](account!.id),
      desktop.handlers['vault:addUri'](URI),
      desktop.handlers['vault:exportPlain'](),
      desktop.handlers['push:devices'](),
      desktop.handlers['push:pending'](),
      desktop.handlers['push:resolve']('tx', 'approve', '12'),
      desktop.handlers['lock:setPasscode'](PASSCODE, null),
      desktop.handlers['settings:update']({ idleLockMinutes: 0 }),
    ]);
    expect(refused).toEqual(refused.map(() => LOCKED));

    expect(await desktop.handlers['lock:unlock']('not it')).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'Wrong passcode' } });
    expect(await desktop.handlers['lock:unlock'](PASSCODE)).toEqual({ ok: true, value: null });
    expect(valueOf(await desktop.handlers['vault:list']())).toHaveLength(1);
    expect(await desktop.handlers['vault:status']()).toEqual({ state: 'ready', accounts: 1, passcodeSet: true });
  });

  it('needs the current passcode to change or remove it', async () => {
    const { desktop } = await startDesktop();
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    expect(await desktop.handlers['lock:setPasscode'](null, 'another one')).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'The current passcode is wrong' } });
    expect(await desktop.handlers['lock:setPasscode'](PASSCODE, '123')).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'The passcode needs at least 4 characters' } });
    valueOf(await desktop.handlers['lock:setPasscode'](PASSCODE, null));
    expect(await desktop.handlers['vault:status']()).toEqual({ state: 'ready', accounts: 0, passcodeSet: false });
  });

  it('locks after the idle minutes without activity, and activity restarts the count', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { desktop } = await startDesktop();
    valueOf(await desktop.handlers['settings:update']({ idleLockMinutes: 2 }));
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    vi.advanceTimersByTime(idleMs(2) - 1);
    await desktop.handlers['lock:activity']();
    vi.advanceTimersByTime(idleMs(2) - 1);
    expect(desktop.lock.isLocked()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await desktop.handlers['vault:codes']()).toEqual(LOCKED);
  });

  it('locks on the OS lock only when the setting is on', async () => {
    const { desktop, adapters } = await startDesktop();
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    valueOf(await desktop.handlers['settings:update']({ lockOnOsLock: false }));
    adapters.osLock();
    expect(desktop.lock.isLocked()).toBe(false);
    valueOf(await desktop.handlers['settings:update']({ lockOnOsLock: true }));
    adapters.osLock();
    expect(desktop.lock.isLocked()).toBe(true);
  });

  it('persists settings and the passcode hash in a 0600 file, and starts locked', async () => {
    const first = await startDesktop();
    expect(await first.desktop.handlers['settings:get']()).toEqual(DEFAULT_SETTINGS);
    const patch = { hideCodes: true, serverPort: 4100, clipboardClearSeconds: 45 };
    expect(await first.desktop.handlers['settings:update'](patch)).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, ...patch } });
    valueOf(await first.desktop.handlers['lock:setPasscode'](null, PASSCODE));
    const file = join(first.dataDir, SETTINGS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(PASSCODE);

    const { desktop } = await first.restart();
    expect(await desktop.handlers['settings:get']()).toEqual({ ...DEFAULT_SETTINGS, ...patch });
    expect(await desktop.handlers['vault:status']()).toEqual({ state: 'locked', passcodeSet: true });
    valueOf(await desktop.handlers['lock:unlock'](PASSCODE));
  });
});
