import { useEffect, useState } from 'react';
import type { IpcOutcome } from '../../../src-main/ipc/contract';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { useAdminCall } from './use-admin-call';

export interface SettingsCardCalls<View, Patch, Test> {
  load(): Promise<IpcOutcome<View>>;
  save(patch: Patch): Promise<IpcOutcome<View>>;
  sendTest(request: Test): Promise<IpcOutcome<{ provider: string; messageId: string }>>;
  /** What the test sends, for the status line: "Test message", "Test email". */
  testNoun: string;
}

export interface SettingsCard<View, Patch, Test> {
  view: View | null;
  busy: boolean;
  status: string | null;
  /** The failed call's message, else why the first read failed. */
  error: string | null;
  /** True while the first read is pending (nothing to show yet, no error either). */
  loading: boolean;
  /** Saves one part; the answer (the whole view, read back) replaces the shown one. */
  save(patch: Patch, said: string): Promise<boolean>;
  sendTest(request: Test): Promise<boolean>;
}

/**
 * A Factors card's settings (the Phone and Email cards): read live, each part saved on its own with the
 * server's answer shown, and a test send. The server's refusal is shown in the card.
 */
export function useSettingsCard<View, Patch, Test>(calls: SettingsCardCalls<View, Patch, Test>): SettingsCard<View, Patch, Test> {
  const live = useLive(calls.load, ['admin']);
  const [view, setView] = useState<View | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const { error, run } = useAdminCall();

  useEffect(() => {
    if (live.value?.ok) setView(live.value.value);
  }, [live.value]);

  async function save(patch: Patch, said: string): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => calls.save(patch));
    setBusy(false);
    if (outcome.ok) {
      setView(outcome.value);
      setStatus(said);
    }
    return outcome.ok;
  }

  async function sendTest(request: Test): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => calls.sendTest(request));
    setBusy(false);
    if (outcome.ok) setStatus(`${calls.testNoun} sent through ${outcome.value.provider} (message ${outcome.value.messageId}).`);
    return outcome.ok;
  }

  // A failed refresh keeps the settings shown: the screen above already says the server is unreachable.
  const loadError = view === null && live.value && !live.value.ok ? describeAdminError(live.value.error) : null;
  return { view, busy, status, error: error ?? loadError, loading: view === null && !loadError, save, sendTest };
}
