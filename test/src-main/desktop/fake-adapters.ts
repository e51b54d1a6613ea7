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
  /** What the folder dialog answers (null: the user cancelled). */
  folderPath: string | null;
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
  /** Accelerators registered as global shortcuts now, with what pressing each does. */
  shortcuts: Map<string, () => void>;
  /** Accelerators the OS refuses (another app holds them). */
  takenShortcuts: Set<string>;
  /** Whether the palette window is on show; how often the main window was shown. */
  paletteVisible: boolean;
  mainWindowShows: number;
  /** Every contentProtection value applied to the windows, in order. */
  contentProtection: boolean[];
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
    folderPath: null,
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
    showFolderDialog: async () => fake.folderPath,
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
    shortcuts: new Map(),
    takenShortcuts: new Set(),
    paletteVisible: false,
    mainWindowShows: 0,
    contentProtection: [],
    globalShortcut: {
      register(accelerator, onPress) {
        if (fake.takenShortcuts.has(accelerator) || fake.shortcuts.has(accelerator)) return false;
        fake.shortcuts.set(accelerator, onPress);
        return true;
      },
      unregister: (accelerator) => void fake.shortcuts.delete(accelerator),
    },
    palette: {
      show: () => void (fake.paletteVisible = true),
      hide: () => void (fake.paletteVisible = false),
    },
    showMainWindow: () => void (fake.mainWindowShows += 1),
    setContentProtection: (enabled) => void fake.contentProtection.push(enabled),
  };
  return fake;
}

/** For createElectronAdapters in tests of other parts: the app's windows, which those tests must not touch. */
export function untouchedAppWindows() {
  const untouched = (what: string) => () => {
    throw new Error(`the test touched the app's windows (${what})`);
  };
  return {
    palette: { show: untouched('palette.show'), hide: untouched('palette.hide') },
    showMainWindow: untouched('showMainWindow'),
    setContentProtection: untouched('setContentProtection'),
  };
}
