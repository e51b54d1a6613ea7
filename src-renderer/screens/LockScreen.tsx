import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLive } from '../hooks/use-live';
import { useOutcome } from '../hooks/use-outcome';

/** Shown instead of everything else while the app is locked. */
export function LockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const [passcode, setPasscode] = useState('');
  const [busy, setBusy] = useState(false);
  const { error, run } = useOutcome();
  // Main decides whether Touch ID may unlock and does the unlock; the page only offers the button.
  const touchId = useLive(window.tessera.touchIdStatus, ['settings', 'lock']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const outcome = await run(() => window.tessera.unlock(passcode));
    setBusy(false);
    setPasscode('');
    if (outcome.ok) onUnlocked();
  }

  async function unlockWithTouchId() {
    setBusy(true);
    const outcome = await run(() => window.tessera.unlockWithTouchId());
    setBusy(false);
    if (outcome.ok) onUnlocked();
  }

  return (
    <main className="full-screen">
      <form className="lock card" onSubmit={(event) => void submit(event)} aria-labelledby="lock-title">
        <h1 id="lock-title">Tessera is locked</h1>
        <label>
          Passcode
          <input type="password" value={passcode} onChange={(event) => setPasscode(event.target.value)} autoFocus autoComplete="current-password" />
        </label>
        <ErrorMessage message={error} />
        <button type="submit" className="primary" disabled={busy || passcode === ''}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        {touchId.value?.enabled === true && (
          <button type="button" disabled={busy} onClick={() => void unlockWithTouchId()}>
            Unlock with Touch ID
          </button>
        )}
      </form>
    </main>
  );
}
