import { useCallback, useState } from 'react';
import type { IpcOutcome } from '../../src-main/ipc/contract';

const BRIDGE_FAILED = 'Tessera could not reach its main process. Try again.';

export interface OutcomeRunner {
  /** The message of the last failed call, shown to the user; cleared by the next success. */
  error: string | null;
  setError(message: string | null): void;
  /** Runs a channel call; a rejected call becomes a failed outcome, so callers only branch on `ok`. */
  run<T>(call: () => Promise<IpcOutcome<T>>): Promise<IpcOutcome<T>>;
}

export function useOutcome(): OutcomeRunner {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async function runOutcome<T>(call: () => Promise<IpcOutcome<T>>): Promise<IpcOutcome<T>> {
    let outcome: IpcOutcome<T>;
    try {
      outcome = await call();
    } catch {
      outcome = { ok: false, error: { kind: 'failed', message: BRIDGE_FAILED } };
    }
    setError(outcome.ok ? null : outcome.error.message);
    return outcome;
  }, []);
  return { error, setError, run };
}
