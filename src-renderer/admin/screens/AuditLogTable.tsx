import type { LogEventView } from '../../../src-main/ipc/contract';
import { formatTime } from '../../format';

/** The events, newest first; the date opens the detail drawer. Rows the live tail added are marked. */
export function AuditLogTable({ events, fresh, onOpen }: { events: LogEventView[]; fresh: ReadonlySet<string>; onOpen(event: LogEventView): void }) {
  if (events.length === 0) return <p className="muted empty">No events match these filters.</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table" aria-label="Audit log events">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
            <th scope="col">User</th>
            <th scope="col">Application</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.logId} data-log-id={event.logId} className={fresh.has(event.logId) ? 'admin-new' : undefined}>
              <td>
                <button type="button" className="link" onClick={() => onOpen(event)} aria-label={`Details of ${event.typeLabel} at ${formatTime(event.date)}`}>
                  {formatTime(event.date)}
                </button>
                {fresh.has(event.logId) && <span className="admin-tag">new</span>}
              </td>
              <td title={event.type}>{event.typeLabel}</td>
              <td>{event.description ?? ''}</td>
              <td>{event.userName ?? event.userId ?? ''}</td>
              <td>{event.clientName ?? event.clientId ?? ''}</td>
              <td>{event.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
