import type { ElectronAdapters } from '../../../src-main/desktop/adapters';

/** Electron's capabilities as plain fakes a test can drive and inspect. */
export interface FakeAdapters extends ElectronAdapters {
  clipboardText: string;
  clipboardImage: Uint8Array | null;
  screens: Uint8Array[];
  savePath: string | null;
  openPath: string | null;
  notifications: { title: string; body: string }[];
  /** Fires powerMonitor's lock-screen. */
  osLock(): void;
}

export function fakeAdapters(): FakeAdapters {
  const lockListeners = new Set<() => void>();
  const fake: FakeAdapters = {
    clipboardText: '',
    clipboardImage: null,
    screens: [],
    savePath: null,
    openPath: null,
    notifications: [],
    clipboard: {
      writeText: (text) => void (fake.clipboardText = text),
      readText: () => fake.clipboardText,
      clear: () => void (fake.clipboardText = ''),
      readImagePng: () => fake.clipboardImage,
    },
    captureScreensPng: async () => fake.screens,
    showSaveDialog: async () => fake.savePath,
    showOpenDialog: async () => fake.openPath,
    notify: (title, body) => void fake.notifications.push({ title, body }),
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
