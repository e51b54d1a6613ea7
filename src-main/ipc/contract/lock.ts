// The app lock: passcode, idle timer, Touch ID.
import type { IpcOutcome } from './common';

/** Touch ID on this machine: `available` offers the setting, `enabled` shows the lock screen's button. */
export interface TouchIdStatus {
  available: boolean;
  /** Available, a passcode is set and the setting is on. */
  enabled: boolean;
}

export interface LockChannels {
  'lock:lock': { args: []; result: IpcOutcome<null> };
  'lock:unlock': { args: [passcode: string]; result: IpcOutcome<null> };
  /** Sets or changes the passcode; `current` is required when one is set. Null `next` removes it. */
  'lock:setPasscode': { args: [current: string | null, next: string | null]; result: IpcOutcome<null> };
  /** The page reports user input so main can run the idle timer. */
  'lock:activity': { args: []; result: null };
  'lock:touchIdStatus': { args: []; result: TouchIdStatus };
  /** Main asks the OS for Touch ID and unlocks on success; refused unless enabled (see TouchIdStatus). */
  'lock:unlockTouchId': { args: []; result: IpcOutcome<null> };
}

export const lockMethods = {
  lock: 'lock:lock',
  unlock: 'lock:unlock',
  setPasscode: 'lock:setPasscode',
  reportActivity: 'lock:activity',
  touchIdStatus: 'lock:touchIdStatus',
  unlockWithTouchId: 'lock:unlockTouchId',
} as const satisfies Record<string, keyof LockChannels>;
