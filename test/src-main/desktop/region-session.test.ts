import { describe, expect, it } from 'vitest';
import { COMPOSITOR_SETTLE_MS, type AppWindowHiding } from '../../../src-main/desktop/hide-for-capture';
import type { DisplayCapture } from '../../../src-main/desktop/region-capture';
import { createRegionPicker, createRegionSession, type RegionOverlayHost, type RegionSession } from '../../../src-main/desktop/region-session';

const LEFT: DisplayCapture = { bounds: { x: 0, y: 0, width: 800, height: 600 }, png: () => new Uint8Array() };
const RIGHT: DisplayCapture = { bounds: { x: 800, y: 0, width: 1024, height: 768 }, png: () => new Uint8Array() };
const AREA = { x: 10, y: 20, width: 100, height: 100 };
const covering = (capture: DisplayCapture) => () => ({ contentBounds: capture.bounds, zoomFactor: 1 });

function sessionWithOverlays(): RegionSession {
  const session = createRegionSession();
  session.addOverlay(11, LEFT, covering(LEFT));
  session.addOverlay(12, RIGHT, covering(RIGHT));
  return session;
}

/**
 * A host and an app window that record what happened in which order, and hand the test each session.
 * `window.visible` false: the app's window is already hidden (in the tray) or gone.
 */
function recordingHost(captures: DisplayCapture[], window = { visible: true, minimized: false }) {
  const events: string[] = [];
  const sessions: RegionSession[] = [];
  let nextId = 20;
  const host: RegionOverlayHost = {
    async captureDisplays() {
      events.push('capture');
      return captures;
    },
    openOverlay(capture, session) {
      const id = (nextId += 1);
      events.push(`open ${id}`);
      session.addOverlay(id, capture, covering(capture));
      if (!sessions.includes(session)) sessions.push(session);
      return { close: () => void events.push(`close ${id}`) };
    },
  };
  const hiding: AppWindowHiding = {
    appWindow: () => ({
      isDestroyed: () => false,
      isVisible: () => window.visible,
      isMinimized: () => window.minimized,
      hide: () => void events.push('hide window'),
      show: () => void events.push('show window'),
    }),
    settle: async (ms) => void events.push(`wait ${ms} ms`),
  };
  const select = createRegionPicker(host, hiding);
  return { host, events, sessions, select };
}

describe('a screen-area session', () => {
  it('takes the first valid area from one of its overlays, for that overlay’s display', async () => {
    const session = sessionWithOverlays();
    expect(session.submit(12, AREA)).toBe(true);
    await expect(session.result).resolves.toEqual({ capture: RIGHT, area: AREA });
  });

  it('refuses a sender that is not one of its overlays, and an invalid area, and stays open', async () => {
    const session = sessionWithOverlays();
    expect(session.submit(99, AREA)).toBe(false);
    expect(session.cancel(99)).toBe(false);
    expect(session.submit(11, { ...AREA, width: 5000 })).toBe(false);
    expect(session.submit(11, AREA)).toBe(true);
    await expect(session.result).resolves.toEqual({ capture: LEFT, area: AREA });
  });

  it('ignores a second submit and a cancel after the area was taken', async () => {
    const session = sessionWithOverlays();
    expect(session.submit(11, AREA)).toBe(true);
    expect(session.submit(12, { ...AREA, x: 500 })).toBe(false);
    expect(session.cancel(11)).toBe(false);
    await expect(session.result).resolves.toEqual({ capture: LEFT, area: AREA });
  });

  it('ignores a submit after a cancel', async () => {
    const session = sessionWithOverlays();
    expect(session.cancel(12)).toBe(true);
    expect(session.submit(11, AREA)).toBe(false);
    await expect(session.result).resolves.toBeNull();
  });
});

describe('the region picker', () => {
  it('hides the app window and waits for the compositor, captures every display before opening any overlay, and closes them all and shows the window before answering', async () => {
    const { events, sessions, select } = recordingHost([LEFT, RIGHT]);
    const picking = select();
    await expect.poll(() => sessions.length).toBe(1);
    expect(events).toEqual(['hide window', `wait ${COMPOSITOR_SETTLE_MS} ms`, 'capture', 'open 21', 'open 22']);
    sessions[0]!.submit(22, AREA);
    await expect(picking).resolves.toEqual({ capture: RIGHT, area: AREA });
    expect(events).toEqual(['hide window', `wait ${COMPOSITOR_SETTLE_MS} ms`, 'capture', 'open 21', 'open 22', 'close 21', 'close 22', 'show window']);
    expect(COMPOSITOR_SETTLE_MS).toBeGreaterThanOrEqual(200);
    expect(COMPOSITOR_SETTLE_MS).toBeLessThanOrEqual(300);
  });

  it('shows the app window again after a cancel', async () => {
    const { events, sessions, select } = recordingHost([LEFT]);
    const picking = select();
    await expect.poll(() => sessions.length).toBe(1);
    sessions[0]!.cancel(21);
    await expect(picking).resolves.toBeNull();
    expect(events.slice(-2)).toEqual(['close 21', 'show window']);
  });

  it('leaves an app window alone that is not on screen (hidden in the tray, or minimized)', async () => {
    for (const window of [{ visible: false, minimized: false }, { visible: true, minimized: true }]) {
      const { events, sessions, select } = recordingHost([LEFT], window);
      const picking = select();
      await expect.poll(() => sessions.length).toBe(1);
      sessions[0]!.cancel(21);
      await expect(picking).resolves.toBeNull();
      expect(events).toEqual(['capture', 'open 21', 'close 21']);
    }
  });

  it('shows the app window again when capturing or opening an overlay fails', async () => {
    const failingCapture = recordingHost([LEFT]);
    failingCapture.host.captureDisplays = async () => {
      failingCapture.events.push('capture');
      throw new Error('desktopCapturer failed');
    };
    await expect(failingCapture.select()).rejects.toThrow('desktopCapturer failed');
    expect(failingCapture.events).toEqual(['hide window', `wait ${COMPOSITOR_SETTLE_MS} ms`, 'capture', 'show window']);

    const failingOverlay = recordingHost([LEFT, RIGHT]);
    const open = failingOverlay.host.openOverlay;
    let opened = 0;
    failingOverlay.host.openOverlay = (capture, session) => {
      if ((opened += 1) === 2) throw new Error('no window for the second display');
      return open(capture, session);
    };
    await expect(failingOverlay.select()).rejects.toThrow('no window for the second display');
    expect(failingOverlay.events).toEqual(['hide window', `wait ${COMPOSITOR_SETTLE_MS} ms`, 'capture', 'open 21', 'close 21', 'show window']);
  });

  it('runs one selection at a time', async () => {
    const { sessions, select } = recordingHost([LEFT]);
    const first = select();
    await expect(select()).rejects.toThrow('A screen area selection is already open');
    await expect.poll(() => sessions.length).toBe(1);
    sessions[0]!.cancel(21);
    await expect(first).resolves.toBeNull();
    const second = select();
    await expect.poll(() => sessions.length).toBe(2);
    sessions[1]!.cancel(22);
    await expect(second).resolves.toBeNull();
  });

  it('refuses to open overlays when no display could be captured, and shows the app window again', async () => {
    const { events, select } = recordingHost([]);
    await expect(select()).rejects.toThrow('The screens could not be captured');
    expect(events).toEqual(['hide window', `wait ${COMPOSITOR_SETTLE_MS} ms`, 'capture', 'show window']);
  });
});
