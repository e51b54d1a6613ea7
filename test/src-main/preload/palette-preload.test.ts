import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaletteApi } from '../../../src-main/ipc/contract';

// src-main/preload/palette.ts against a recording fake of Electron: what the palette page gets.
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => 'answer');
const on = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void exposed.set(name, api) },
  ipcRenderer: { invoke, on },
}));

let api: PaletteApi;
beforeAll(async () => {
  await import('../../../src-main/preload/palette');
  api = exposed.get('tesseraPalette') as PaletteApi;
});

describe('the palette preload', () => {
  it('exposes exactly search, copy, close and openApp, frozen, on the palette channels, and listens to nothing', async () => {
    expect([...exposed.keys()]).toEqual(['tesseraPalette']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['close', 'copy', 'openApp', 'search']);
    await api.search('ali');
    await api.copy('a1b2');
    await api.close();
    await api.openApp();
    expect(invoke.mock.calls).toEqual([['palette:search', 'ali'], ['palette:copy', 'a1b2'], ['palette:close'], ['palette:openApp']]);
    expect(on).not.toHaveBeenCalled();
  });
});
