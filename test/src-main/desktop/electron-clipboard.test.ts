import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElectronAdapters } from '../../../src-main/desktop/electron-adapters';
import { untouchedAppWindows } from './fake-adapters';

// The clipboard adapter against a fake of Electron's clipboard that behaves as Electron 41's does: every
// write (writeText, writeBuffer) replaces the whole clipboard content (electron/electron#2130, #11838).

const board = vi.hoisted(() => ({ formats: new Map<string, string>(), writes: [] as string[] }));

vi.mock('electron', () => ({
  clipboard: {
    writeText(text: string) {
      board.writes.push('writeText');
      board.formats = new Map([['text/plain', text]]);
    },
    writeBuffer(format: string, buffer: Buffer) {
      board.writes.push(`writeBuffer:${format}`);
      board.formats = new Map([[format, buffer.toString('utf8')]]);
    },
    readText: () => board.formats.get('text/plain') ?? '',
    clear: () => void (board.formats = new Map()),
  },
}));

const PAGE = { url: 'app://tessera/overlay.html', preloadPath: '/nonexistent/overlay.cjs', allowedOrigins: ['app://tessera'] };
const clipboard = () => createElectronAdapters(PAGE, { appWindow: () => undefined }, untouchedAppWindows()).clipboard;
const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;

afterEach(() => {
  Object.defineProperty(process, 'platform', platform);
  board.formats = new Map();
  board.writes = [];
});

describe('copying a code with concealClipboard on', () => {
  it.each(['win32', 'darwin', 'linux'] as const)('on %s leaves the code pasteable: no second write wipes it', (name) => {
    Object.defineProperty(process, 'platform', { ...platform, value: name });
    clipboard().writeConcealedText('123456');
    expect(clipboard().readText()).toBe('123456');
    // One write: a marker format written after the text would replace it (Electron 41 has no multi-format write).
    expect(board.writes).toEqual(['writeText']);
  });
});
