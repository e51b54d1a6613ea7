import { useEffect, useRef, useState } from 'react';

/**
 * Whole seconds since `received` arrived, counted here so a countdown ticks without asking main.
 * When `rollAfterS` have passed (a code's period ended) `onRoll` runs, and again each second until a
 * new `received` arrives and restarts the count: main stays the only source of codes.
 */
export function useCountdown(received: unknown, rollAfterS: number | null, onRoll: () => void): number {
  const [tick, setTick] = useState<{ of: unknown; elapsedS: number }>({ of: undefined, elapsedS: 0 });
  const onRollRef = useRef(onRoll);
  onRollRef.current = onRoll;

  useEffect(() => {
    if (received === undefined || rollAfterS === null) return;
    const rollS = rollAfterS;
    const startedMs = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    function step() {
      const elapsedS = Math.floor((Date.now() - startedMs) / 1000);
      setTick({ of: received, elapsedS: Math.min(elapsedS, rollS) });
      if (elapsedS >= rollS) onRollRef.current();
      // Aligned to whole seconds since arrival, so the display and the roll do not drift.
      timer = setTimeout(step, Math.max(0, startedMs + (elapsedS + 1) * 1000 - Date.now()));
    }
    timer = setTimeout(step, 1000);
    return () => clearTimeout(timer);
  }, [received, rollAfterS]);

  // A new value counts from zero at once, not from the previous value's count.
  return tick.of === received ? tick.elapsedS : 0;
}
