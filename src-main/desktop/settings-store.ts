import { join } from 'node:path';
import type { Settings } from '../ipc/contract';
import { isPasscodeHash, type PasscodeHash } from './passcode';
import { readJson, writePrivateText } from './private-json';
import { DEFAULT_SETTINGS, isSettingsPatch } from './settings-limits';

export const SETTINGS_FILE = 'settings.json';

interface SettingsFile {
  settings: Settings;
  /** The app-lock passcode's hash. It guards the window, not the seeds (the keychain does that). */
  passcode: PasscodeHash | null;
}

/** Told of each saved change; `update` resolves once every listener has (a port change restarts the server). */
export type SettingsListener = (next: Settings, previous: Settings) => void | Promise<void>;

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Promise<Settings>;
  onChange(listener: SettingsListener): void;
  passcode(): PasscodeHash | null;
  setPasscode(hash: PasscodeHash | null): Promise<void>;
}

/** Settings as 0600 JSON in the data dir; a damaged or foreign file falls back to defaults, key by key. */
export async function openSettingsStore(dataDir: string): Promise<SettingsStore> {
  const file = join(dataDir, SETTINGS_FILE);
  const raw = (await readJson(file)) as Partial<SettingsFile> | null | undefined;
  const saved = isSettingsPatch(raw?.settings) ? raw.settings : {};
  const state: SettingsFile = { settings: { ...DEFAULT_SETTINGS, ...saved }, passcode: isPasscodeHash(raw?.passcode) ? raw.passcode : null };
  const save = () => writePrivateText(file, `${JSON.stringify(state, null, 2)}\n`);
  const listeners: SettingsListener[] = [];

  return {
    get: () => ({ ...state.settings }),
    async update(patch) {
      const previous = state.settings;
      state.settings = { ...state.settings, ...patch };
      await save();
      for (const listener of listeners) await listener({ ...state.settings }, { ...previous });
      return { ...state.settings };
    },
    onChange: (listener) => void listeners.push(listener),
    passcode: () => state.passcode,
    async setPasscode(hash) {
      state.passcode = hash;
      await save();
    },
  };
}
