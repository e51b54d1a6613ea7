import { useState } from 'react';
import type { TrashedAccount } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLive } from '../hooks/use-live';
import { useOutcome } from '../hooks/use-outcome';

function trashedName(entry: TrashedAccount): string {
  return entry.issuer ? `${entry.issuer} (${entry.label})` : entry.label;
}

function day(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Removed accounts, kept 30 days by main: restore one to its old place, or delete it for good now. */
export function TrashPanel({ onRestored }: { onRestored: (id: string) => void }) {
  const api = window.tessera;
  const trash = useLive(api.listTrash, ['accounts']);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { error, run } = useOutcome();
  const entries = trash.value?.ok ? trash.value.value : [];
  if (entries.length === 0) return null;

  async function restore(entry: TrashedAccount) {
    if ((await run(() => api.restoreAccount(entry.id))).ok) onRestored(entry.id);
    await trash.refresh();
  }

  async function purge(entry: TrashedAccount) {
    setConfirming(null);
    // Asked again here: a purge changes no account, so main reports no change for it.
    await run(() => api.purgeAccount(entry.id));
    await trash.refresh();
  }

  return (
    <details className="trash">
      <summary>Recently removed ({entries.length})</summary>
      <ErrorMessage message={error} />
      <ul className="trash-list" aria-label="Recently removed">
        {entries.map((entry) => (
          <li key={entry.id} className="trash-entry" aria-label={trashedName(entry)}>
            <div>
              <strong>{trashedName(entry)}</strong>
              <div className="muted">Deleted for good on {day(entry.purgeAt)}</div>
            </div>
            {confirming === entry.id ? (
              <div className="row" role="group" aria-label={`Delete ${trashedName(entry)} now?`}>
                <span>Its secret cannot be brought back.</span>
                <button type="button" className="danger" onClick={() => void purge(entry)}>
                  Delete for good
                </button>
                <button type="button" onClick={() => setConfirming(null)} autoFocus>
                  Keep
                </button>
              </div>
            ) : (
              <div className="row">
                <button type="button" onClick={() => void restore(entry)}>
                  Restore
                </button>
                <button type="button" className="danger" onClick={() => setConfirming(entry.id)}>
                  Delete now
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
