import { describe, expect, it } from 'vitest';
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

/** A host that records what happened in which order, and hands the test each session. */
function recordingHost(captures: DisplayCapture[]) {
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
  return { host, events, sessions };
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
  it('captures every display before opening any overlay, and closes them all before answering', async () => {
    const { host, events, sessions } = recordingHost([LEFT, RIGHT]);
    const picking = createRegionPicker(host)();
    await expect.poll(() => sessions.length).toBe(1);
    expect(events).toEqual(['capture', 'open 21', 'open 22']);
    sessions[0]!.submit(22, AREA);
    await expect(picking).resolves.toEqual({ capture: RIGHT, area: AREA });
    expect(events).toEqual(['capture', 'open 21', 'open 22', 'close 21', 'close 22']);
  });

  it('runs one selection at a time', async () => {
    const { host, sessions } = recordingHost([LEFT]);
    const select = createRegionPicker(host);
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

  it('refuses to open overlays when no display could be captured', async () => {
    const { host, events } = recordingHost([]);
    await expect(createRegionPicker(host)()).rejects.toThrow('The screens could not be captured');
    expect(events).toEqual(['capture']);
  });
});
