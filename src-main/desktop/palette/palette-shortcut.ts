import type { PaletteShortcutStatus } from '../../ipc/contract';
import type { GlobalShortcutAdapter } from '../adapters';
import type { SettingsStore } from '../settings-store';

const TAKEN = 'Another application already uses this shortcut: choose another one';
const OFF = 'No shortcut is set';

/**
 * The global shortcut that opens the palette, kept in step with the `paletteShortcut` setting: the old
 * one is released and the new one taken whenever it changes. A shortcut the OS refuses (another app
 * holds it) is a status for Settings to show, never a failure of the save or of the app's start.
 */
export function followPaletteShortcut(shortcuts: GlobalShortcutAdapter, settings: SettingsStore, onPress: () => void) {
  let status: PaletteShortcutStatus = { shortcut: '', registered: false, message: OFF };
  let closed = false;

  function register(shortcut: string): void {
    if (status.registered) shortcuts.unregister(status.shortcut);
    if (shortcut === '') {
      status = { shortcut, registered: false, message: OFF };
      return;
    }
    let registered = false;
    try {
      registered = shortcuts.register(shortcut, onPress);
    } catch (error) {
      console.warn(`[palette] the shortcut ${shortcut} was refused`, error);
    }
    status = { shortcut, registered, message: registered ? null : TAKEN };
  }

  register(settings.get().paletteShortcut);
  settings.onChange((next, previous) => {
    if (!closed && next.paletteShortcut !== previous.paletteShortcut) register(next.paletteShortcut);
  });
  return {
    status: (): PaletteShortcutStatus => ({ ...status }),
    close(): void {
      closed = true;
      if (status.registered) shortcuts.unregister(status.shortcut);
      status = { ...status, registered: false };
    },
  };
}
