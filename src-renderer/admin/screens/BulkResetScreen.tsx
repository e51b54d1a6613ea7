import { useState, type JSX } from 'react';
import type { BulkResetPreview, BulkResetProgress, BulkSelection } from '../../../src-main/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { describeAdminError } from './admin-outcome';
import { authenticators, confirmPhrase, people, selectionOf, SelectionMode } from './bulk-selection';
import { BulkResetEntries } from './BulkResetEntries';
import { BulkResetProgressView } from './BulkResetProgressView';
import { InlineConfirm } from './InlineConfirm';
import { useAdminCall } from './use-admin-call';
import { useBulkJob } from './use-bulk-job';
import './admin-screens.css';

/**
 * Removes every authenticator of many people at once: choose them (ids or a search), preview exactly who
 * loses what, confirm by typing the count, then follow the job to its results.
 */
export function BulkResetScreen({ initialSelection }: { initialSelection?: string[] }): JSX.Element {
  const [mode, setMode] = useState<SelectionMode>(SelectionMode.users);
  const [idsText, setIdsText] = useState((initialSelection ?? []).join('\n'));
  const [query, setQuery] = useState('');
  const [preview, setPreview] = useState<BulkResetPreview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<BulkResetProgress | null>(null);
  const { error, setError, run } = useAdminCall();
  const job = useBulkJob(started);

  /** Any edit of the selection makes the preview stale: it must be run again before a reset. */
  function edited(apply: () => void) {
    apply();
    setPreview(null);
    setConfirming(false);
  }

  async function runPreview() {
    const selection = selectionOf(mode, idsText, query);
    if (typeof selection === 'string') return setError(selection);
    setBusy(true);
    setStarted(null);
    const outcome = await run(() => window.tessera.adminPreviewBulkReset(selection));
    setBusy(false);
    setPreview(outcome.ok ? outcome.value : null);
  }

  async function startReset() {
    if (preview === null) return;
    // Exactly the people the preview listed, even if a search would match others by now.
    const selection: BulkSelection = { userIds: preview.entries.map((entry) => entry.userId) };
    setBusy(true);
    const outcome = await run(() => window.tessera.adminStartBulkReset(selection));
    setBusy(false);
    if (!outcome.ok) return;
    setConfirming(false);
    setPreview(null);
    setStarted(outcome.value);
  }

  const count = preview?.entries.length ?? 0;
  const phrase = confirmPhrase(count);
  const typedMatches = typed.trim().toLowerCase() === phrase;
  const running = job.progress !== null && (job.progress.status === 'pending' || job.progress.status === 'processing');

  return (
    <section aria-labelledby="bulk-title" className="admin-screen">
      <h2 id="bulk-title">Bulk reset</h2>
      <p className="muted">Removes every authenticator (and recovery code) of each person chosen; they enroll again at their next sign-in.</p>
      <form
        className="card"
        aria-label="People to reset"
        onSubmit={(event) => {
          event.preventDefault();
          void runPreview();
        }}
      >
        <fieldset className="admin-fieldset row">
          <legend>Choose people by</legend>
          <label className="check">
            <input type="radio" name="bulk-mode" checked={mode === SelectionMode.users} onChange={() => edited(() => setMode(SelectionMode.users))} />
            User ids
          </label>
          <label className="check">
            <input type="radio" name="bulk-mode" checked={mode === SelectionMode.query} onChange={() => edited(() => setMode(SelectionMode.query))} />
            Search
          </label>
        </fieldset>
        {mode === SelectionMode.users ? (
          <label>
            User ids (one per line, or separated by commas)
            <textarea rows={4} value={idsText} spellCheck={false} onChange={(event) => edited(() => setIdsText(event.target.value))} />
          </label>
        ) : (
          <label>
            Search (as in Users: an email, a name, or a term such as email:*@example.com)
            <input value={query} spellCheck={false} onChange={(event) => edited(() => setQuery(event.target.value))} />
          </label>
        )}
        <button type="submit" className="primary" disabled={busy || running}>
          Preview
        </button>
      </form>
      <ErrorMessage message={error ?? (job.error && `Could not read the job’s progress: ${describeAdminError(job.error)}`)} />
      {preview && (
        <div className="card" aria-labelledby="bulk-preview-title">
          <h3 id="bulk-preview-title">Preview (nothing removed yet)</h3>
          <p className="bulk-summary">
            {count === 0 ? 'Nobody matches this selection.' : `${people(count)}; ${authenticators(preview.authenticators)} would be removed.`}
          </p>
          {count > 0 && <BulkResetEntries entries={preview.entries} caption="People who would be reset" />}
          {/* Stays while the question is open, so focus can come back to it when Escape cancels. */}
          {count > 0 && (
            <button
              type="button"
              className="danger"
              aria-expanded={confirming}
              onClick={() => {
                setTyped('');
                setConfirming(true);
              }}
            >
              Reset {people(count)}…
            </button>
          )}
          {confirming && (
            <InlineConfirm
              id="bulk-confirm"
              question={`Remove ${authenticators(preview.authenticators)} from ${people(count)}? This cannot be undone. Type “${phrase}” to confirm.`}
              confirmLabel={`Reset ${people(count)}`}
              canConfirm={typedMatches}
              busy={busy}
              onConfirm={() => void startReset()}
              onCancel={() => {
                setConfirming(false);
                setTyped('');
              }}
            >
              <label>
                Type “{phrase}”
                <input
                  value={typed}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => setTyped(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && typedMatches && !busy) void startReset();
                  }}
                />
              </label>
            </InlineConfirm>
          )}
        </div>
      )}
      {job.progress && <BulkResetProgressView progress={job.progress} />}
    </section>
  );
}
