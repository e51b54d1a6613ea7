import { useCallback, useState } from 'react';
import type { IpcOutcome } from '../../../src-main/ipc/contract';
import { describeAdminError } from './admin-outcome';

const BRIDGE_FAILED = 'Tessera could not reach its main process. Try again.';

export interface AdminCall {
  /** The last failed call's message with what to do about it; cleared by the next success. */
  error: string | null;
  setError(message: string | null): void;
  /** Runs an admin channel call; a rejected call becomes a failed outcome, so callers only branch on `ok`. */
  run<T>(call: () => Promise<IpcOutcome<T>>): Promise<IpcOutcome<T>>;
}

export function useAdminCall(): AdminCall {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async function runAdminCall<T>(call: () => Promise<IpcOutcome<T>>): Promise<IpcOutcome<T>> {
    let outcome: IpcOutcome<T>;
    try {
      outcome = await call();
    } catch {
      outcome = { ok: false, error: { kind: 'failed', message: BRIDGE_FAILED } };
    }
    setError(outcome.ok ? null : describeAdminError(outcome.error));
    return outcome;
  }, []);
  return { error, setError, run };
}
