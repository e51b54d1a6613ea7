import type { ElectronAdapters } from '../../../src-main/desktop/adapters';
import type { CopyResult } from '../../../src-main/ipc/contract';
import type { RegionSelection } from '../../../src-main/desktop/region-capture';

/** Electron's capabilities as plain fakes a test can drive and inspect. */
export interface FakeAdapters extends ElectronAdapters {
  clipboardText: string;
  clipboardImage: Uint8Array | null;
  screens: Uint8Array[];
  /** What the next screen-area selection answers (null: the user cancelled). */
  regionSelection: RegionSelection | null;
  savePath: string | null;
  openPath: string | null;
  notifications: { title: string; body: string }[];
  /** What main showed in its secret dialog (a recovery code). */
  secretsShown: { message: string; detail: string }[];
  /**
   * What the user does while that dialog is open, e.g. press its Copy (`copy`); it closes (Done) when
   * this returns. None: Done at once.
   */
  whileSecretShown: ((copy: () => CopyResult) => void | Promise<void>) | null;
  /** How many times the screens were captured (a screen scan; a screen-area selection is its own). */
  screenCaptures: number;
  /** How many screen-area selections were opened. */
  regionSelections: number;
  /** What systemPreferences.canPromptTouchID answers. */
  touchIdAvailable: boolean;
  /** What the user does at the next Touch ID prompts, first first (true: passed); none left = cancelled. */
  touchIdAnswers: boolean[];
  /** The reasons Touch ID was asked with, one per prompt. */
  touchIdPrompts: string[];
  /** Fires powerMonitor's lock-screen. */
  osLock(): void;
}

export function fakeAdapters(): FakeAdapters {
  const lockListeners = new Set<() => void>();
  const fake: FakeAdapters = {
    clipboardText: '',
    clipboardImage: null,
    screens: [],
    regionSelection: null,
    savePath: null,
    openPath: null,
    notifications: [],
    secretsShown: [],
    whileSecretShown: null,
    screenCaptures: 0,
    regionSelections: 0,
    touchIdAvailable: false,
    touchIdAnswers: [],
    touchIdPrompts: [],
    clipboard: {
      writeText: (text) => void (fake.clipboardText = text),
      readText: () => fake.clipboardText,
      clear: () => void (fake.clipboardText = ''),
      readImagePng: () => fake.clipboardImage,
    },
    captureScreensPng: async () => (fake.screenCaptures++, fake.screens),
    selectScreenRegion: async () => (fake.regionSelections++, fake.regionSelection),
    showSaveDialog: async () => fake.savePath,
    showOpenDialog: async () => fake.openPath,
    notify: (title, body) => void fake.notifications.push({ title, body }),
    async showSecretOnce(message, detail, copy) {
      fake.secretsShown.push({ message, detail });
      await fake.whileSecretShown?.(copy);
    },
    lockEvents: {
      onOsLock(listener) {
        lockListeners.add(listener);
        return () => void lockListeners.delete(listener);
      },
    },
    touchId: {
      canPrompt: () => fake.touchIdAvailable,
      prompt: async (reason) => (fake.touchIdPrompts.push(reason), fake.touchIdAnswers.shift() ?? false),
    },
    osLock: () => lockListeners.forEach((listener) => listener()),
  };
  return fake;
}
