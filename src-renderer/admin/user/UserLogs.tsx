import { useEffect, useState, type JSX } from 'react';
import type { LogEventView } from '../../../src-main/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatWhen } from '../mfa-kinds';
import { useAdminCall } from '../screens/use-admin-call';

const RECENT = 10;

/** The person's latest log events, newest first; read again after each change (`revision`). */
export function UserLogs({ userId, revision }: { userId: string; revision: number }): JSX.Element {
  const [events, setEvents] = useState<LogEventView[] | null>(null);
  const { error, run } = useAdminCall();

  useEffect(() => {
    let current = true;
    void run(() => window.tessera.adminUserLogs(userId, RECENT)).then((outcome) => {
      if (current && outcome.ok) setEvents(outcome.value);
    });
    return () => void (current = false);
  }, [userId, revision, run]);

  return (
    <div className="card">
      <h3 id="user-logs-title">Recent events</h3>
      <ErrorMessage message={error} />
      {events !== null && events.length === 0 && <p className="muted">No events for this person yet.</p>}
      {events !== null && events.length > 0 && (
        <table className="admin-table" aria-labelledby="user-logs-title">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Application</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.logId}>
                <td>{formatWhen(event.date)}</td>
                <td>
                  {event.typeLabel} <code className="muted">{event.type}</code>
                </td>
                <td>{event.clientName ?? event.clientId ?? '—'}</td>
                <td>{event.description ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
