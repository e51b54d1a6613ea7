import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronAdapters } from '../../../src-main/desktop/electron-adapters';
import { untouchedAppWindows } from './fake-adapters';

// The automatic backups' folder dialog against a recording fake of Electron's dialog module.

const electron = vi.hoisted(() => ({
  focused: undefined as object | undefined,
  answer: { canceled: false, filePaths: ['/media/usb/backups'] } as { canceled: boolean; filePaths: string[] },
  shown: [] as unknown[][],
}));

vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => electron.focused, getAllWindows: () => [] },
  dialog: { showOpenDialog: async (...args: unknown[]) => (electron.shown.push(args), electron.answer) },
}));

const PAGE = { url: 'app://tessera/overlay.html', preloadPath: '/nonexistent/overlay.cjs', allowedOrigins: ['app://tessera'] };
const adapters = () => createElectronAdapters(PAGE, { appWindow: () => undefined }, untouchedAppWindows());
const OPTIONS = { title: 'Choose a folder for automatic backups', properties: ['openDirectory', 'createDirectory'] };

beforeEach(() => {
  electron.focused = undefined;
  electron.answer = { canceled: false, filePaths: ['/media/usb/backups'] };
  electron.shown = [];
});

describe('the folder dialog', () => {
  it('asks for a folder (one may be created), over the app window when there is one', async () => {
    expect(await adapters().showFolderDialog({ title: OPTIONS.title })).toBe('/media/usb/backups');
    const window = { id: 1 };
    electron.focused = window;
    await adapters().showFolderDialog({ title: OPTIONS.title });
    expect(electron.shown).toEqual([[OPTIONS], [window, OPTIONS]]);
  });

  it('answers null when cancelled', async () => {
    electron.answer = { canceled: true, filePaths: [] };
    expect(await adapters().showFolderDialog({ title: OPTIONS.title })).toBeNull();
  });
});
