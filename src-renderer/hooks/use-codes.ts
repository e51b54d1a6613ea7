import { useMemo } from 'react';
import type { CodeView, IpcOutcome } from '../../src-main/ipc/contract';
import { useCountdown } from './use-countdown';
import { useLive } from './use-live';

/** Seconds until the first time-based code in the list turns over; null with none. */
function soonestRoll(codes: readonly CodeView[]): number | null {
  const left = codes.flatMap((code) => (code.kind === 'hotp' ? [] : [code.secondsLeft]));
  return left.length === 0 ? null : Math.min(...left);
}

/**
 * The time-based codes, always from main: asked for when accounts change and when the soonest period
 * ends. In between, only the seconds left move, counted down here from what main said.
 */
export function useCodes(): IpcOutcome<CodeView[]> | undefined {
  const live = useLive(window.tessera.codes, ['accounts']);
  const outcome = live.value;
  const rollAfterS = useMemo(() => (outcome?.ok ? soonestRoll(outcome.value) : null), [outcome]);
  const elapsedS = useCountdown(outcome, rollAfterS, () => void live.refresh());
  return useMemo(() => {
    if (!outcome?.ok || elapsedS === 0) return outcome;
    const value = outcome.value.map((code) => (code.kind === 'hotp' ? code : { ...code, secondsLeft: Math.max(0, code.secondsLeft - elapsedS) }));
    return { ok: true, value };
  }, [outcome, elapsedS]);
}
