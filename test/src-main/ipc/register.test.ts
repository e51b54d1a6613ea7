import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';

// Plain Node cannot load Electron; capture what the wrapper registers on ipcMain instead.
const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, listener: never) => registered.set(channel, listener) },
}));

const { createIpcRegistry, noArgs } = await import('../../../src-main/ipc/register');

const APP_INFO = { name: 'tessera', version: '0.1.0', platform: 'linux' };
const eventFrom = (url: string | null) =>
  ({ sender: { id: 1 }, senderFrame: url === null ? null : { url } }) as unknown as IpcMainInvokeEvent;

describe('createIpcRegistry', () => {
  beforeEach(() => {
    registered.clear();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = createIpcRegistry((event) => event.senderFrame?.url === 'app://tessera/index.html');
    handle('app:getInfo', noArgs, () => APP_INFO);
  });

  const invoke = (event: IpcMainInvokeEvent, ...args: unknown[]) => registered.get('app:getInfo')!(event, ...args);

  it('answers an app page with valid arguments', async () => {
    await expect(invoke(eventFrom('app://tessera/index.html'))).resolves.toEqual(APP_INFO);
  });

  it.each([
    ['a foreign page', eventFrom('https://evil.example/'), []],
    ['a frame that is gone', eventFrom(null), []],
    ['unexpected arguments', eventFrom('app://tessera/index.html'), ['extra']],
  ])('rejects %s with a message that reveals nothing', async (_name, event, args) => {
    await expect(invoke(event, ...args)).rejects.toThrow(/^IPC request rejected$/);
  });
});
