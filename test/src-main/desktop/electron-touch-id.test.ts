import { afterEach, describe, expect, it, vi } from 'vitest';
import { untouchedAppWindows } from './fake-adapters';
import { createElectronAdapters } from '../../../src-main/desktop/electron-adapters';

// The Touch ID adapter against a recording fake of Electron's systemPreferences (macOS only in Electron).

const electron = vi.hoisted(() => ({
  canPrompt: true,
  /** What promptTouchID does: resolve (the user passed) or reject (failed or cancelled). */
  passes: true,
  prompts: [] as string[],
}));

vi.mock('electron', () => ({
  systemPreferences: {
    canPromptTouchID: () => electron.canPrompt,
    promptTouchID: async (reason: string) => {
      electron.prompts.push(reason);
      if (!electron.passes) throw new Error('User canceled the operation');
    },
  },
}));

const PAGE = { url: 'app://tessera/overlay.html', preloadPath: '/nonexistent/overlay.cjs', allowedOrigins: ['app://tessera'] };
const touchId = () => createElectronAdapters(PAGE, { appWindow: () => undefined }, untouchedAppWindows()).touchId;
const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
const onPlatform = (name: NodeJS.Platform) => Object.defineProperty(process, 'platform', { ...platform, value: name });

afterEach(() => {
  Object.defineProperty(process, 'platform', platform);
  electron.canPrompt = true;
  electron.passes = true;
  electron.prompts = [];
});

describe('the Electron Touch ID adapter', () => {
  it.each([
    { platform: 'darwin', canPrompt: true, offered: true },
    { platform: 'darwin', canPrompt: false, offered: false },
    // systemPreferences.canPromptTouchID exists on macOS only: elsewhere it is never called.
    { platform: 'linux', canPrompt: true, offered: false },
    { platform: 'win32', canPrompt: true, offered: false },
  ] as const)('on $platform with canPromptTouchID $canPrompt: offered $offered', ({ platform: name, canPrompt, offered }) => {
    onPlatform(name);
    electron.canPrompt = canPrompt;
    expect(touchId().canPrompt()).toBe(offered);
  });

  it('answers true when Touch ID passes and false when it is failed or cancelled, never throwing', async () => {
    expect(await touchId().prompt('unlock Tessera')).toBe(true);
    electron.passes = false;
    expect(await touchId().prompt('unlock Tessera')).toBe(false);
    expect(electron.prompts).toEqual(['unlock Tessera', 'unlock Tessera']);
  });
});
