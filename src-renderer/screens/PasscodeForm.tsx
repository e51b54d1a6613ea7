import { useState, type FormEvent } from 'react';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { useOutcome } from '../hooks/use-outcome';

/** Where Settings sends the user who needs a passcode first (the lock settings). */
export const NEW_PASSCODE_FIELD_ID = 'new-passcode';

/** Sets, changes or removes the app passcode; main checks the current one and the minimum length. */
export function PasscodeForm({ passcodeSet, onChanged }: { passcodeSet: boolean; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { error, setError, run } = useOutcome();

  async function apply(nextPasscode: string | null) {
    setNotice(null);
    const outcome = await run(() => window.tessera.setPasscode(passcodeSet ? current : null, nextPasscode));
    if (!outcome.ok) return;
    setCurrent('');
    setNext('');
    setRepeat('');
    setNotice(nextPasscode === null ? 'Passcode removed.' : passcodeSet ? 'Passcode changed.' : 'Passcode set.');
    onChanged();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== repeat) {
      setError('The two new passcodes differ.');
      return;
    }
    void apply(next);
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="passcode-title">
      <h3 id="passcode-title">{passcodeSet ? 'Change passcode' : 'Set a passcode'}</h3>
      <p className="muted">A passcode lets Tessera lock itself when idle or when the computer locks.</p>
      {passcodeSet && (
        <label>
          Current passcode
          <input type="password" value={current} onChange={(event) => setCurrent(event.target.value)} autoComplete="current-password" />
        </label>
      )}
      <label>
        New passcode
        <input id={NEW_PASSCODE_FIELD_ID} type="password" value={next} onChange={(event) => setNext(event.target.value)} autoComplete="new-password" />
      </label>
      <label>
        Repeat new passcode
        <input type="password" value={repeat} onChange={(event) => setRepeat(event.target.value)} autoComplete="new-password" />
      </label>
      <ErrorMessage message={error} />
      <Notice message={notice} />
      <div className="row">
        <button type="submit" className="primary" disabled={next === '' || (passcodeSet && current === '')}>
          {passcodeSet ? 'Change passcode' : 'Set passcode'}
        </button>
        {passcodeSet && (
          <button type="button" className="danger" disabled={current === ''} onClick={() => void apply(null)}>
            Remove passcode
          </button>
        )}
      </div>
    </form>
  );
}
