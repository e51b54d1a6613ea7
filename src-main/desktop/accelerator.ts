// Electron accelerators (https://www.electronjs.org/docs/latest/api/accelerator): modifiers joined to
// one key code by "+". A global shortcut takes the key from every other app, so one is accepted only
// with a modifier other than Shift alone: a bare letter or Shift+A would stop the user typing it anywhere.

const MODIFIERS = ['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta'];
const NAMED_KEYS = [
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen',
  'volumeup', 'volumedown', 'volumemute', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'mediaplaypause',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const MAX_ACCELERATOR = 100;

function isKeyCode(key: string): boolean {
  const lower = key.toLowerCase();
  if (/^[a-z0-9]$/.test(lower) || /^num[0-9]$/.test(lower)) return true;
  if (/^f([1-9]|1[0-9]|2[0-4])$/.test(lower)) return true;
  if (/^[)!@#$%^&*(:;<=>?,_.\-/`[\]\\|{}~'"]$/.test(key)) return true;
  return NAMED_KEYS.includes(lower);
}

/** An accelerator fit for a global shortcut: known modifiers (one not Shift), then exactly one key code. */
export function isGlobalAccelerator(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ACCELERATOR) return false;
  const parts = value.split('+');
  const key = parts.pop()!;
  const modifiers = parts.map((part) => part.toLowerCase());
  if (!modifiers.every((modifier) => MODIFIERS.includes(modifier)) || new Set(modifiers).size !== modifiers.length) return false;
  if (!modifiers.some((modifier) => modifier !== 'shift')) return false;
  return isKeyCode(key);
}

/** The `paletteShortcut` setting: an accelerator, or '' for no shortcut. */
export const isPaletteShortcutSetting = (value: unknown): value is string => value === '' || isGlobalAccelerator(value);
