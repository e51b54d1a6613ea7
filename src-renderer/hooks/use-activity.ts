import { useEffect } from 'react';

/** Main runs the idle-lock timer; telling it more often than this adds nothing. */
const ACTIVITY_THROTTLE_MS = 5_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/** Reports user input to main (throttled) so the idle lock counts from the last real use. */
export function useActivityReporting(): void {
  useEffect(() => {
    let last = 0;
    function onInput() {
      const now = Date.now();
      if (now - last < ACTIVITY_THROTTLE_MS) return;
      last = now;
      window.tessera.reportActivity().catch(() => undefined);
    }
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true });
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput);
    };
  }, []);
}
