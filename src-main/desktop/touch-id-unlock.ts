import type { IpcOutcome, Settings, TouchIdStatus } from '../ipc/contract';
import { UserErrorKind } from '../ipc/contract';
import type { TouchIdAdapter } from './adapters';
import type { ChannelHandlers } from './channel-handlers';
import type { LockService } from './lock-service';
import { fail, ok } from './outcome';
import type { SettingsStore } from './settings-store';

/** What macOS shows under "Touch ID": "Tessera is trying to unlock Tessera". */
export const TOUCH_ID_REASON = 'unlock Tessera';

const TOUCH_ID_OFF = 'Touch ID unlock is off: use your passcode';
const TOUCH_ID_FAILED = 'Touch ID did not confirm it is you: try again or use your passcode';
const TOUCH_ID_NEEDS = 'Touch ID unlock needs a passcode and a Mac with Touch ID';

/**
 * Touch ID unlock, decided in main. As in 1Password's and Bitwarden's desktop apps, Touch ID only
 * gates what the app already holds: the passcode stays the fallback and the lock's one secret. The
 * lock here guards the window, not the seeds (the keychain keeps the vault key and the vault stays
 * open while locked), so nothing has to be re-derived from the passcode: a Touch ID pass ends the
 * lock exactly as a right passcode does.
 */
export function createTouchIdUnlock(lock: LockService, settings: SettingsStore, touchId: TouchIdAdapter) {
  function status(): TouchIdStatus {
    const available = touchId.canPrompt();
    return { available, enabled: available && lock.passcodeSet() && settings.get().touchIdUnlock };
  }

  const handlers: Pick<ChannelHandlers, 'lock:touchIdStatus' | 'lock:unlockTouchId'> = {
    'lock:touchIdStatus': async () => status(),
    async 'lock:unlockTouchId'() {
      if (!status().enabled) return fail(UserErrorKind.invalidInput, TOUCH_ID_OFF);
      if (!lock.isLocked()) return ok(null);
      if (!(await touchId.prompt(TOUCH_ID_REASON))) return fail(UserErrorKind.invalidInput, TOUCH_ID_FAILED);
      lock.unlockApproved();
      return ok(null);
    },
  };

  return {
    handlers,
    /** A settings patch that would turn Touch ID on where it cannot work is refused (the page hides it there). */
    refusePatch(patch: Partial<Settings>): IpcOutcome<never> | null {
      if (patch.touchIdUnlock !== true || (touchId.canPrompt() && lock.passcodeSet())) return null;
      return fail(UserErrorKind.invalidInput, TOUCH_ID_NEEDS);
    },
  };
}
