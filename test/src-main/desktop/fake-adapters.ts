import type { ElectronAdapters } from '../../../src-main/desktop/adapters';
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
    clipboard: {
      writeText: (text) => void (fake.clipboardText = text),
      readText: () => fake.clipboardText,
      clear: () => void (fake.clipboardText = ''),
      readImagePng: () => fake.clipboardImage,
    },
    captureScreensPng: async () => fake.screens,
    selectScreenRegion: async () => fake.regionSelection,
    showSaveDialog: async () => fake.savePath,
    showOpenDialog: async () => fake.openPath,
    notify: (title, body) => void fake.notifications.push({ title, body }),
    showSecretOnce: async (message, detail) => void fake.secretsShown.push({ message, detail }),
    lockEvents: {
      onOsLock(listener) {
        lockListeners.add(listener);
        return () => void lockListeners.delete(listener);
      },
    },
    osLock: () => lockListeners.forEach((listener) => listener()),
  };
  return fake;
}
