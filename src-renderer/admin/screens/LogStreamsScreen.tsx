import { useState, type JSX } from 'react';
import type { LogStreamInput, LogStreamTestResult, LogStreamView } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { LogStreamsCreateForm } from './LogStreamsCreateForm';
import { LogStreamsRow } from './LogStreamsRow';
import { useAdminCall } from './use-admin-call';
import './admin-screens.css';

/**
 * The connection's log streams (Auth0's custom webhooks): every audit event sent to an HTTP receiver.
 * Create, send a test event, pause or resume, delete. Under each status, the server's last delivery
 * failure (Tessera's `tessera_last_error`) until a delivery succeeds.
 */
export function LogStreamsScreen(): JSX.Element {
  const list = useLive(window.tessera.adminLogStreams, ['admin']);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tests, setTests] = useState<Record<string, LogStreamTestResult | 'sending'>>({});
  const { error, run } = useAdminCall();

  // The list is read again before the notice shows, so what the notice says is already on screen.
  async function act(work: () => Promise<string | null>) {
    setBusy(true);
    setStatus(null);
    const said = await work();
    await list.refresh();
    setStatus(said);
    setBusy(false);
  }

  async function create(input: LogStreamInput): Promise<boolean> {
    let created = false;
    await act(async () => {
      const outcome = await run(() => window.tessera.adminCreateLogStream(input));
      created = outcome.ok;
      return outcome.ok ? `Created ${outcome.value.name}: events now go to ${outcome.value.endpoint}.` : null;
    });
    return created;
  }

  // Not `act`: a test changes nothing on the server, so the list stays and other rows stay usable.
  async function sendTest(stream: LogStreamView) {
    setTests((current) => ({ ...current, [stream.id]: 'sending' }));
    const outcome = await run(() => window.tessera.adminTestLogStream(stream.id));
    setTests((current) => {
      const { [stream.id]: _sent, ...rest } = current;
      return outcome.ok ? { ...rest, [stream.id]: outcome.value } : rest;
    });
  }

  const pauseOrResume = (stream: LogStreamView) =>
    act(async () => {
      const next = stream.status === 'active' ? 'paused' : 'active';
      const outcome = await run(() => window.tessera.adminUpdateLogStream(stream.id, { status: next }));
      return outcome.ok ? `${next === 'paused' ? 'Paused' : 'Resumed'} ${stream.name}.` : null;
    });

  const remove = (stream: LogStreamView) =>
    act(async () => {
      const outcome = await run(() => window.tessera.adminDeleteLogStream(stream.id));
      setDeleting(null);
      return outcome.ok ? `Deleted ${stream.name}.` : null;
    });

  const loaded = list.value?.ok ? list.value.value : null;
  const loadError = list.value && !list.value.ok ? describeAdminError(list.value.error) : list.failed ? 'Tessera could not reach its main process. Try again.' : null;

  return (
    <section aria-labelledby="streams-title" className="admin-screen">
      <h2 id="streams-title">Log streams</h2>
      <ErrorMessage message={error ?? loadError} />
      <Notice message={status} />
      {loaded === null && !loadError && <p className="muted">Loading…</p>}
      {loaded !== null && loaded.length === 0 && <p className="muted">No log streams: audit events stay in the audit log only.</p>}
      {loaded !== null && loaded.length > 0 && (
        <div className="card admin-table-wrap">
          <table className="admin-table" aria-label="Log streams">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Format</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.map((stream) => (
                <LogStreamsRow
                  key={stream.id}
                  stream={stream}
                  confirmingDelete={deleting === stream.id}
                  busy={busy}
                  test={tests[stream.id]}
                  onTest={() => void sendTest(stream)}
                  onPauseOrResume={() => void pauseOrResume(stream)}
                  onAskDelete={() => setDeleting(stream.id)}
                  onConfirmDelete={() => void remove(stream)}
                  onCancel={() => setDeleting(null)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LogStreamsCreateForm busy={busy} onCreate={create} />
    </section>
  );
}
