import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { useOutcome } from '../hooks/use-outcome';

/** Shown instead of everything else while the app is locked. */
export function LockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const [passcode, setPasscode] = useState('');
  const [busy, setBusy] = useState(false);
  const { error, run } = useOutcome();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const outcome = await run(() => window.tessera.unlock(passcode));
    setBusy(false);
    setPasscode('');
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
      </form>
    </main>
  );
}
