import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANGE_CHANNEL, IpcChannel, type TesseraApi } from '../../../src-main/ipc/contract';

// src-main/preload/index.ts against a recording fake of Electron: what the page gets as window.tessera.
const exposed = new Map<string, unknown>();
const rendererListeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void exposed.set(name, api) },
  ipcRenderer: {
    invoke,
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
    },
  },
}));

/** Main's webContents.send, as the preload receives it: an event object first (whose `sender` is ipcRenderer). */
function sendFromMain(channel: string, ...args: unknown[]): void {
  for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: { invoke } }, ...args);
}

let api: TesseraApi;
beforeAll(async () => {
  await import('../../../src-main/preload/index');
  api = exposed.get('tessera') as TesseraApi;
});

describe('the preload', () => {
  it('exposes one frozen function per channel and onChange, and listens to main on the change channel only', async () => {
    expect([...exposed.keys()]).toEqual(['tessera']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(IpcChannel), 'onChange'].sort());
    expect([...rendererListeners.keys()]).toEqual([CHANGE_CHANNEL]);
    await expect(api.nextHotp('account-1')).resolves.toBe('answer');
    expect(invoke).toHaveBeenCalledWith('vault:nextHotp', 'account-1');
  });

  it('forwards known topics and nothing else: no event object, no extra argument, no unknown topic', () => {
    const heard: unknown[][] = [];
    const stop = api.onChange((...args: unknown[]) => void heard.push(args));
    sendFromMain(CHANGE_CHANNEL, 'push');
    sendFromMain(CHANGE_CHANNEL, 'accounts', { secret: 'JBSWY3DPEHPK3PXP' });
    sendFromMain(CHANGE_CHANNEL, 'settings', { hideCodes: false });
    for (const bad of ['pushes', '', 'Settings', null, 42, { topic: 'push' }, ['lock'], ['settings']]) sendFromMain(CHANGE_CHANNEL, bad);
    sendFromMain(CHANGE_CHANNEL);
    expect(heard).toEqual([['push'], ['accounts'], ['settings']]);
    stop();
    sendFromMain(CHANGE_CHANNEL, 'lock');
    expect(heard).toEqual([['push'], ['accounts'], ['settings']]);
  });

  it('keeps each subscription apart, so one failing or leaving listener does not silence another', () => {
    const first: string[] = [];
    const second: string[] = [];
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stopBroken = api.onChange(() => {
      throw new Error('a broken listener');
    });
    const stopFirst = api.onChange((topic) => void first.push(topic));
    const stopSecond = api.onChange((topic) => void second.push(topic));
    sendFromMain(CHANGE_CHANNEL, 'server');
    stopFirst();
    sendFromMain(CHANGE_CHANNEL, 'lock');
    expect({ first, second }).toEqual({ first: ['server'], second: ['server', 'lock'] });
    expect(() => api.onChange('not a function' as never)).toThrow(TypeError);
    stopBroken();
    stopSecond();
  });
});
