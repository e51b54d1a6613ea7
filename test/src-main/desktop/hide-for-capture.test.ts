import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPOSITOR_SETTLE_MS, withAppWindowHidden, type HideableWindow } from '../../../src-main/desktop/hide-for-capture';

/** An app window on screen that records what was done to it. */
function windowOnScreen(events: string[]): HideableWindow & { destroyed: boolean } {
  const window = {
    destroyed: false,
    isDestroyed: () => window.destroyed,
    isVisible: () => true,
    isMinimized: () => false,
    hide: () => void events.push('hide'),
    show: () => void events.push('show'),
  };
  return window;
}

afterEach(() => vi.useRealTimers());

describe('keeping the app window out of a capture', () => {
  it('waits COMPOSITOR_SETTLE_MS after hiding before it captures (a real timer by default)', async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const window = windowOnScreen(events);
    const done = withAppWindowHidden({ appWindow: () => window }, async () => void events.push('capture'));
    await vi.advanceTimersByTimeAsync(COMPOSITOR_SETTLE_MS - 1);
    expect(events).toEqual(['hide']);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(events).toEqual(['hide', 'capture', 'show']);
  });

  it('passes the answer or the failure through, and shows the window again either way', async () => {
    const events: string[] = [];
    const window = windowOnScreen(events);
    const hiding = { appWindow: () => window, settle: async () => undefined };
    await expect(withAppWindowHidden(hiding, async () => 'captured')).resolves.toBe('captured');
    await expect(withAppWindowHidden(hiding, async () => Promise.reject(new Error('capture failed')))).rejects.toThrow('capture failed');
    expect(events).toEqual(['hide', 'show', 'hide', 'show']);
  });

  it('does not show a window that was closed meanwhile, and runs without one', async () => {
    const events: string[] = [];
    const window = windowOnScreen(events);
    const settle = async () => undefined;
    await withAppWindowHidden({ appWindow: () => window, settle }, async () => void (window.destroyed = true));
    await expect(withAppWindowHidden({ appWindow: () => undefined, settle }, async () => 'no window')).resolves.toBe('no window');
    expect(events).toEqual(['hide']);
  });
});
