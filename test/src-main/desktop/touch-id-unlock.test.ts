import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-main/desktop/settings-limits';
import { startDesktop, valueOf, type DesktopFixture } from './desktop-fixture';

const PASSCODE = '4711-passcode';
const LOCKED = { ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } };
const OFF = { ok: false, error: { kind: 'invalid_input', message: 'Touch ID unlock is off: use your passcode' } };
const NEEDS = { ok: false, error: { kind: 'invalid_input', message: 'Touch ID unlock needs a passcode and a Mac with Touch ID' } };
const FAILED = { ok: false, error: { kind: 'invalid_input', message: 'Touch ID did not confirm it is you: try again or use your passcode' } };

/** A desktop on a Mac with Touch ID (or without), a passcode set and Touch ID unlock turned on, then locked. */
async function lockedWithTouchId(): Promise<DesktopFixture> {
  const fixture = await startDesktop();
  fixture.adapters.touchIdAvailable = true;
  valueOf(await fixture.desktop.handlers['lock:setPasscode'](null, PASSCODE));
  valueOf(await fixture.desktop.handlers['settings:update']({ touchIdUnlock: true }));
  valueOf(await fixture.desktop.handlers['lock:lock']());
  return fixture;
}

describe('Touch ID unlock', () => {
  it('is off by default, and offered only where Touch ID is available', async () => {
    const { desktop, adapters } = await startDesktop();
    expect(DEFAULT_SETTINGS.touchIdUnlock).toBe(false);
    expect(await desktop.handlers['lock:touchIdStatus']()).toEqual({ available: false, enabled: false });
    adapters.touchIdAvailable = true;
    expect(await desktop.handlers['lock:touchIdStatus']()).toEqual({ available: true, enabled: false });
  });

  it.each([
    { name: 'without a passcode', available: true, passcode: false },
    { name: 'where Touch ID is not available', available: false, passcode: true },
  ])('cannot be turned on $name', async ({ available, passcode }) => {
    const { desktop, adapters } = await startDesktop();
    adapters.touchIdAvailable = available;
    if (passcode) valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    expect(await desktop.handlers['settings:update']({ touchIdUnlock: true })).toEqual(NEEDS);
    await expect(desktop.handlers['settings:get']()).resolves.toMatchObject({ touchIdUnlock: false });
  });

  it('unlocks as a right passcode does when the user passes Touch ID', async () => {
    const { desktop, adapters } = await lockedWithTouchId();
    expect(await desktop.handlers['lock:touchIdStatus']()).toEqual({ available: true, enabled: true });
    expect(await desktop.handlers['vault:codes']()).toEqual(LOCKED);
    adapters.touchIdAnswers = [true];
    expect(await desktop.handlers['lock:unlockTouchId']()).toEqual({ ok: true, value: null });
    expect(adapters.touchIdPrompts).toEqual(['unlock Tessera']);
    expect(desktop.lock.isLocked()).toBe(false);
    expect(await desktop.handlers['vault:status']()).toEqual({ state: 'ready', accounts: 0, passcodeSet: true });
  });

  it('stays locked when the user fails or cancels Touch ID, and the passcode still unlocks', async () => {
    const { desktop, adapters } = await lockedWithTouchId();
    adapters.touchIdAnswers = [false];
    expect(await desktop.handlers['lock:unlockTouchId']()).toEqual(FAILED);
    expect(desktop.lock.isLocked()).toBe(true);
    expect(await desktop.handlers['vault:codes']()).toEqual(LOCKED);
    expect(await desktop.handlers['lock:unlock'](PASSCODE)).toEqual({ ok: true, value: null });
  });

  it.each([
    { name: 'the setting is off', arrange: async ({ desktop }: DesktopFixture) => {
      valueOf(await desktop.handlers['lock:unlock'](PASSCODE));
      valueOf(await desktop.handlers['settings:update']({ touchIdUnlock: false }));
      valueOf(await desktop.handlers['lock:lock']());
    } },
    { name: 'Touch ID is no longer available', arrange: async ({ adapters }: DesktopFixture) => void (adapters.touchIdAvailable = false) },
  ])('refuses without asking the OS when $name', async ({ arrange }) => {
    const fixture = await lockedWithTouchId();
    await arrange(fixture);
    fixture.adapters.touchIdAnswers = [true];
    expect(await fixture.desktop.handlers['lock:unlockTouchId']()).toEqual(OFF);
    expect(fixture.adapters.touchIdPrompts).toEqual([]);
    expect(fixture.desktop.lock.isLocked()).toBe(true);
  });

  it('turns off with the passcode, so a new passcode starts without it', async () => {
    const { desktop } = await lockedWithTouchId();
    valueOf(await desktop.handlers['lock:unlock'](PASSCODE));
    valueOf(await desktop.handlers['lock:setPasscode'](PASSCODE, null));
    expect(await desktop.handlers['settings:get']()).toMatchObject({ touchIdUnlock: false });
    valueOf(await desktop.handlers['lock:setPasscode'](null, PASSCODE));
    expect(await desktop.handlers['lock:touchIdStatus']()).toEqual({ available: true, enabled: false });
  });
});
