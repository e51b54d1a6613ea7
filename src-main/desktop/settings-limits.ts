import type { Settings } from '../ipc/contract';
import { isPaletteShortcutSetting } from './accelerator';

/** Ranges the page may set; shared by the IPC validators and the settings file reader. */
export const SETTINGS_LIMITS = {
  idleLockMinutes: { min: 0, max: 1440 },
  clipboardClearSeconds: { min: 5, max: 600 },
  // Unprivileged ports only: the app never runs as root.
  serverPort: { min: 1024, max: 65535 },
} as const;

export const DEFAULT_SETTINGS: Settings = {
  hideCodes: false,
  idleLockMinutes: 5,
  lockOnOsLock: true,
  touchIdUnlock: false,
  clipboardClearSeconds: 30,
  serverPort: 3000,
  serverAutoStart: false,
  paletteShortcut: 'CommandOrControl+Shift+Space',
  contentProtection: false,
};

type NumericSetting = keyof typeof SETTINGS_LIMITS;
const BOOLEAN_SETTINGS = ['hideCodes', 'lockOnOsLock', 'touchIdUnlock', 'serverAutoStart', 'contentProtection'] as const;

function isSettingValue(key: string, value: unknown): boolean {
  if (key === 'paletteShortcut') return isPaletteShortcutSetting(value);
  if ((BOOLEAN_SETTINGS as readonly string[]).includes(key)) return typeof value === 'boolean';
  if (!Object.hasOwn(SETTINGS_LIMITS, key)) return false;
  const { min, max } = SETTINGS_LIMITS[key as NumericSetting];
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** A plain object whose every key is a known setting with a value in range (extra keys refused). */
export function isSettingsPatch(value: unknown): value is Partial<Settings> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, entry]) => isSettingValue(key, entry));
}
