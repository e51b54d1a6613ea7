import type { IpcOutcome } from '../ipc/contract';
import { UserErrorKind } from '../ipc/contract';
import type { LockEventSource } from './adapters';
import { fail, ok } from './outcome';
import { hashPasscode, verifyPasscode, type PasscodeCost } from './passcode';
import type { SettingsStore } from './settings-store';

/** Short passcodes are fine for a screen lock (the keychain guards the seeds), but not trivial ones. */
export const MIN_PASSCODE_LENGTH = 4;
const MINUTE_MS = 60_000;

/** The idle timer's setTimeout/clearTimeout: injectable so a test can let a "minute" pass in a second. */
export interface IdleTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: IdleTimers = {
  // Looked up at each call, so test runners that replace the globals (vi.useFakeTimers) still reach them.
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LockService {
  isLocked(): boolean;
  passcodeSet(): boolean;
  lock(): IpcOutcome<null>;
  unlock(passcode: string): Promise<IpcOutcome<null>>;
  /** Unlocks as a right passcode does, after the OS's own check (Touch ID) approved the user. */
  unlockApproved(): void;
  setPasscode(current: string | null, next: string | null): Promise<IpcOutcome<null>>;
  activity(): void;
  onChange(listener: (locked: boolean) => void): void;
  close(): void;
}

/**
 * The app lock: only with a passcode, so a lock can always be undone. It starts locked when a passcode
 * is set; idle time is counted from the last `lock:activity` with a timer (no clock polling).
 */
export function createLockService(settings: SettingsStore, osLock: LockEventSource, timers: IdleTimers = SYSTEM_TIMERS, passcodeCost?: PasscodeCost): LockService {
  let locked = settings.passcode() !== null;
  let idleTimer: unknown;
  const listeners: ((locked: boolean) => void)[] = [];

  function setLocked(next: boolean): void {
    if (locked === next) return;
    locked = next;
    for (const listener of listeners) listener(locked);
  }

  function rearm(): void {
    if (idleTimer !== undefined) timers.clearTimeout(idleTimer);
    idleTimer = undefined;
    const minutes = settings.get().idleLockMinutes;
    if (locked || minutes === 0 || settings.passcode() === null) return;
    idleTimer = timers.setTimeout(() => setLocked(true), minutes * MINUTE_MS);
  }

  const stopOsLock = osLock.onOsLock(() => {
    if (settings.get().lockOnOsLock && settings.passcode() !== null) setLocked(true);
  });
  // The idle minutes may have changed.
  settings.onChange(rearm);
  rearm();

  return {
    isLocked: () => locked,
    passcodeSet: () => settings.passcode() !== null,
    lock() {
      if (settings.passcode() === null) return fail(UserErrorKind.invalidInput, 'Set a passcode before locking Tessera');
      setLocked(true);
      rearm();
      return ok(null);
    },
    async unlock(passcode) {
      const stored = settings.passcode();
      if (stored === null || !locked) {
        setLocked(false);
        return ok(null);
      }
      if (!(await verifyPasscode(passcode, stored))) return fail(UserErrorKind.invalidInput, 'Wrong passcode');
      setLocked(false);
      rearm();
      return ok(null);
    },
    unlockApproved() {
      setLocked(false);
      rearm();
    },
    async setPasscode(current, next) {
      const stored = settings.passcode();
      if (stored !== null && (current === null || !(await verifyPasscode(current, stored)))) {
        return fail(UserErrorKind.invalidInput, 'The current passcode is wrong');
      }
      if (next !== null && next.length < MIN_PASSCODE_LENGTH) {
        return fail(UserErrorKind.invalidInput, `The passcode needs at least ${MIN_PASSCODE_LENGTH} characters`);
      }
      await settings.setPasscode(next === null ? null : await hashPasscode(next, passcodeCost));
      if (next === null) setLocked(false);
      rearm();
      return ok(null);
    },
    activity: () => {
      if (!locked) rearm();
    },
    onChange: (listener) => void listeners.push(listener),
    close() {
      if (idleTimer !== undefined) timers.clearTimeout(idleTimer);
      stopOsLock();
    },
  };
}
