import { useEffect, useState, type JSX } from 'react';
import type { ExportFormat, LogEventView } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { exportQueryOf, logQueryOf, matchesFilter, NO_FILTER, type AuditLogFilter } from './audit-log-filter';
import { AuditLogDrawer } from './AuditLogDrawer';
import { AuditLogFilters } from './AuditLogFilters';
import { AuditLogTable } from './AuditLogTable';
import { FactorsSwitch } from './FactorsSwitch';
import { useAdminCall } from './use-admin-call';
import { useLogTail } from './use-log-tail';
import './admin-screens.css';

const PER_PAGE = 25;

/** The audit log of the chosen connection: filtered, paged, newest first, with a live tail and exports. */
export function AuditLogScreen(): JSX.Element {
  const [filter, setFilter] = useState<AuditLogFilter>(NO_FILTER);
  const [page, setPage] = useState(0);
  const [liveOn, setLiveOn] = useState(false);
  // Events the tail added above the loaded page, newest first; they are highlighted.
  const [fresh, setFresh] = useState<LogEventView[]>([]);
  const [open, setOpen] = useState<LogEventView | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [tailError, setTailError] = useState<string | null>(null);
  const { error, run } = useAdminCall();
  // The page number travels with its rows, so the pager never describes a page still loading.
  const listed = useLive(async () => ({ page, result: await window.tessera.adminLogs(logQueryOf(filter, page, PER_PAGE)) }), ['admin']);
  const { refresh } = listed;

  useEffect(() => {
    setFresh([]);
    void refresh();
  }, [filter, page, refresh]);

  useLogTail(
    liveOn,
    (events) => {
      const shown = events.filter((event) => matchesFilter(event, filter)).reverse();
      if (shown.length > 0) setFresh((current) => [...shown, ...current]);
    },
    (failure) => setTailError(failure && `Live tail paused: ${describeAdminError(failure)}`),
  );

  function toggleLive(on: boolean) {
    setLiveOn(on);
    setTailError(null);
    // New events arrive at the top of the first page.
    if (on) setPage(0);
  }

  async function exportAs(format: ExportFormat) {
    setStatus(null);
    const outcome = await run(() => window.tessera.adminSaveExport(exportQueryOf(filter), format));
    if (outcome.ok) setStatus(outcome.value.saved ? `Exported the filtered events as ${format.toUpperCase()} to ${outcome.value.path}.` : 'Export cancelled.');
  }

  const result = listed.value?.result;
  const loaded = result?.ok ? result.value : null;
  const loadedIds = new Set(loaded?.events.map((event) => event.logId));
  const events = [...fresh.filter((event) => !loadedIds.has(event.logId)), ...(loaded?.events ?? [])];
  const total = (loaded?.total ?? 0) + events.length - (loaded?.events.length ?? 0);
  const loadError = result && !result.ok ? describeAdminError(result.error) : listed.failed ? 'Tessera could not reach its main process. Try again.' : null;
  const first = (listed.value?.page ?? 0) * PER_PAGE;

  return (
    <section aria-labelledby="audit-title" className="admin-screen">
      <div className="screen-head">
        <h2 id="audit-title">Audit log</h2>
        <FactorsSwitch label="Live" description="New events appear at the top every 2 seconds." checked={liveOn} busy={false} onChange={toggleLive} />
      </div>
      <AuditLogFilters
        applied={filter}
        onApply={(next) => {
          setFilter(next);
          setPage(0);
        }}
      />
      <ErrorMessage message={error ?? loadError ?? tailError} />
      <Notice message={status} />
      <div className="row">
        <button type="button" onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
      </div>
      {loaded === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : (
        <>
          <AuditLogTable events={events} fresh={new Set(fresh.map((event) => event.logId))} onOpen={setOpen} />
          <div className="row admin-pager">
            <span className="muted" aria-live="polite">
              {total === 0 ? 'No events' : `Events ${first + 1}–${first + events.length} of ${total}`}
            </span>
            <span className="row">
              <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <button
                type="button"
                disabled={first + loaded.events.length >= loaded.total}
                onClick={() => {
                  // Live adds to the first page only; reading older pages pauses it.
                  setLiveOn(false);
                  setPage(page + 1);
                }}
              >
                Next
              </button>
            </span>
          </div>
        </>
      )}
      {open && <AuditLogDrawer event={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
