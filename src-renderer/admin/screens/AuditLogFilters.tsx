import { useState, type FormEvent } from 'react';
import { LOG_TYPE_CHOICES, NO_FILTER, type AuditLogFilter } from './audit-log-filter';

/** The filter form: edited freely, applied on Apply (or Enter), cleared at once. */
export function AuditLogFilters({ applied, onApply }: { applied: AuditLogFilter; onApply(filter: AuditLogFilter): void }) {
  const [draft, setDraft] = useState(applied);
  const set = (key: keyof AuditLogFilter) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value }));
  const badRange = draft.from !== '' && draft.to !== '' && draft.from > draft.to;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!badRange) onApply(draft);
  }

  return (
    <form className="card admin-filters" aria-label="Audit log filters" onSubmit={submit}>
      <label>
        Type
        <select value={draft.type} onChange={set('type')}>
          <option value="">All types</option>
          {LOG_TYPE_CHOICES.map((choice) => (
            <option key={choice.code} value={choice.code}>
              {choice.label} ({choice.code})
            </option>
          ))}
        </select>
      </label>
      <label>
        User id
        <input value={draft.userId} onChange={set('userId')} placeholder="auth0|…" spellCheck={false} />
      </label>
      <label>
        From
        <input type="date" value={draft.from} onChange={set('from')} aria-invalid={badRange} />
      </label>
      <label>
        To
        <input type="date" value={draft.to} onChange={set('to')} aria-invalid={badRange} />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={badRange}>
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          Clear
        </button>
        {badRange && (
          <span className="error" role="alert">
            The From date is after the To date: change one of them.
          </span>
        )}
      </div>
    </form>
  );
}
