import { useState } from 'react';
import { describeAdminError } from './admin-outcome';

/**
 * A secret the admin asked to see, shown this once: Copy goes through main's clipboard (which clears
 * itself after the configured time), Done forgets it.
 */
export function OneTimeSecret({ label, secret, onDone }: { label: string; secret: string; onDone(): void }) {
  const [status, setStatus] = useState<{ text: string; tone: 'notice' | 'error' } | null>(null);

  async function copy() {
    try {
      const outcome = await window.tessera.adminCopySecret(secret);
      if (outcome.ok) setStatus({ text: `Copied. The clipboard clears in ${outcome.value.clearsAfterSeconds} seconds.`, tone: 'notice' });
      else setStatus({ text: describeAdminError(outcome.error), tone: 'error' });
    } catch {
      setStatus({ text: 'Tessera could not reach its main process. Select the secret and copy it by hand.', tone: 'error' });
    }
  }

  return (
    <div className="card one-time-secret" role="region" aria-label={label}>
      <p>
        <strong>{label}</strong> — copy it now: it is not shown again.
      </p>
      <code className="secret-value" aria-label={label}>
        {secret}
      </code>
      <div className="row">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      {status && (
        <p className={status.tone} role={status.tone === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </div>
  );
}
