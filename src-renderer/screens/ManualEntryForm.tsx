import { useEffect, useState, type FormEvent } from 'react';
import type { Account, ManualAccountInput, ManualPreview, OtpAlgorithm, OtpKind } from '../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { groupCode } from '../format';
import { useCountdown } from '../hooks/use-countdown';
import { useOutcome } from '../hooks/use-outcome';

const KINDS: { value: OtpKind; label: string }[] = [
  { value: 'totp', label: 'Time-based (TOTP)' },
  { value: 'hotp', label: 'Counter-based (HOTP)' },
  { value: 'steam', label: 'Steam Guard' },
];
const ALGORITHMS: OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const EMPTY: ManualAccountInput = { issuer: '', label: '', secret: '', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 };
/** Typing fast should not ask main for a preview per key. */
const PREVIEW_DEBOUNCE_MS = 150;
/** Steam Guard's fixed shape (the vault ignores other digits and periods for it), shown in the disabled fields. */
const STEAM_SHAPE = { digits: 5, period: 30 } as const;

/** Typed entry of a secret, with a live preview of the code it would give; main does all validation. */
export function ManualEntryForm({ onAdded }: { onAdded: (account: Account) => void }) {
  const [input, setInput] = useState<ManualAccountInput>(EMPTY);
  const [preview, setPreview] = useState<ManualPreview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Bumped when the previewed code's period ends, so main is asked for the next one. */
  const [round, setRound] = useState(0);
  const { error, run } = useOutcome();
  const elapsedS = useCountdown(preview ?? undefined, preview?.valid ? preview.secondsLeft : null, () => setRound((current) => current + 1));

  useEffect(() => {
    if (input.secret.trim() === '') {
      setPreview(null);
      return;
    }
    let active = true;
    const timer = setTimeout(() => {
      window.tessera.previewManual(input).then(
        (next) => active && setPreview(next),
        () => active && setPreview({ valid: false, message: 'Could not check this secret.' }),
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [input, round]);

  function set<K extends keyof ManualAccountInput>(key: K, value: ManualAccountInput[K]) {
    setInput((current) => ({ ...current, [key]: value }));
    setNotice(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { counter: _counter, ...timeBased } = input;
    const payload: ManualAccountInput = input.kind === 'hotp' ? input : timeBased;
    const outcome = await run(() => window.tessera.addManual(payload));
    if (!outcome.ok) return;
    setInput(EMPTY);
    setPreview(null);
    const message = `Added ${outcome.value.issuer || outcome.value.label} (${outcome.value.label}).`;
    setNotice(message);
    onAdded(outcome.value);
  }

  const missingName = input.label.trim() === '' && input.issuer.trim() === '';
  const canSubmit = preview?.valid === true && !missingName;

  return (
    <form className="manual" onSubmit={(event) => void submit(event)} aria-labelledby="manual-title">
      <h3 id="manual-title">Enter a secret by hand</h3>
      <div className="grid">
        <label>
          Issuer
          <input value={input.issuer} onChange={(event) => set('issuer', event.target.value)} placeholder="Example Corp" />
        </label>
        <label>
          Account
          <input value={input.label} onChange={(event) => set('label', event.target.value)} placeholder="ada@example.com" />
        </label>
        <label className="wide">
          Secret key (Base32)
          <input
            value={input.secret}
            onChange={(event) => set('secret', event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="manual-preview"
            aria-invalid={preview?.valid === false}
          />
        </label>
        <label>
          Type
          <select value={input.kind} onChange={(event) => set('kind', event.target.value as OtpKind)}>
            {KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Algorithm
          <select value={input.algorithm} onChange={(event) => set('algorithm', event.target.value as OtpAlgorithm)} disabled={input.kind === 'steam'}>
            {ALGORITHMS.map((algorithm) => (
              <option key={algorithm}>{algorithm}</option>
            ))}
          </select>
        </label>
        <label>
          Digits
          <input
            type="number"
            min={6}
            max={8}
            value={input.kind === 'steam' ? STEAM_SHAPE.digits : input.digits}
            onChange={(event) => set('digits', Number(event.target.value))}
            disabled={input.kind === 'steam'}
          />
        </label>
        {input.kind === 'hotp' ? (
          <label>
            Counter
            <input type="number" min={0} value={input.counter ?? 0} onChange={(event) => set('counter', Number(event.target.value))} />
          </label>
        ) : (
          <label>
            Period (seconds)
            <input
              type="number"
              min={1}
              value={input.kind === 'steam' ? STEAM_SHAPE.period : input.period}
              onChange={(event) => set('period', Number(event.target.value))}
              disabled={input.kind === 'steam'}
            />
          </label>
        )}
      </div>
      <p id="manual-preview" className="preview" aria-live="polite">
        {preview === null && 'Type the secret to see a preview of its code.'}
        {preview?.valid === true && (
          <>
            Preview: <output className="code">{groupCode(preview.code)}</output>
            {preview.secondsLeft !== null && <span className="muted"> ({Math.max(0, preview.secondsLeft - elapsedS)}s left)</span>}
          </>
        )}
        {preview?.valid === false && <span className="invalid">{preview.message}</span>}
      </p>
      {missingName && input.secret !== '' && <p className="muted">Give the account an issuer or a name.</p>}
      <ErrorMessage message={error} />
      <Notice message={notice} />
      <button type="submit" className="primary" disabled={!canSubmit}>
        Add account
      </button>
    </form>
  );
}
