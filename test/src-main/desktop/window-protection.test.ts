import { describe, expect, it } from 'vitest';
import { createWindowProtection } from '../../../src-main/desktop/window-protection';

function window() {
  const record = { destroyed: false, calls: [] as boolean[] };
  return { record, isDestroyed: () => record.destroyed, setContentProtection: (enabled: boolean) => void record.calls.push(enabled) };
}

describe('content protection for the app windows', () => {
  it('applies the setting to each window as it opens and to the open ones when it changes, skipping destroyed ones', () => {
    const protection = createWindowProtection();
    const main = window();
    protection.track(main);
    protection.set(true);
    const palette = window();
    protection.track(palette);
    main.record.destroyed = true;
    protection.set(false);
    expect({ main: main.record.calls, palette: palette.record.calls }).toEqual({ main: [false, true], palette: [true, false] });
  });
});
