import { useEffect, useState, type JSX } from 'react';
import type { AdminConnectionView } from '../../../src-main/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from '../screens/admin-outcome';
import { InlineConfirm } from '../screens/InlineConfirm';
import { useAdminCall } from '../screens/use-admin-call';
import { AddConnectionForm } from './AddConnectionForm';

/**
 * Which tenant the console manages: "This computer" (the embedded server, nothing to type) or a saved
 * remote connection. Tells the section the active connection's id (null while none is chosen), and
 * whether a switch or a removal is under way (the screens below still show the tenant being left then).
 */
export function ConnectionBar({ onActive, onBusy }: { onActive(id: string | null): void; onBusy(busy: boolean): void }): JSX.Element {
  const live = useLive(window.tessera.adminConnections, ['admin']);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The connection being switched to: the choice shows it until the switch is done. */
  const [pendingId, setPendingId] = useState<string | null>(null);
  const { error, run } = useAdminCall();
  const connections: AdminConnectionView[] = live.value?.ok ? live.value.value : [];
  const active = connections.find((connection) => connection.active) ?? null;
  const activeId = active?.id ?? null;

  useEffect(() => onActive(activeId), [activeId, onActive]);
  useEffect(() => onBusy(busy), [busy, onBusy]);

  async function use(id: string) {
    setBusy(true);
    setPendingId(id);
    // Choosing "This computer" may start the embedded server first: the bar says so while it does. Busy
    // until the bar has read the new active connection back, so the screens are never live in between.
    await run(() => window.tessera.adminUseConnection(id));
    await live.refresh();
    setPendingId(null);
    setBusy(false);
  }

  async function remove() {
    if (active === null) return;
    setBusy(true);
    const outcome = await run(() => window.tessera.adminRemoveConnection(active.id));
    if (outcome.ok) setRemoving(false);
    await live.refresh();
    setBusy(false);
  }

  const loadError = live.value && !live.value.ok ? describeAdminError(live.value.error) : live.failed ? 'Tessera could not reach its main process.' : null;

  return (
    <div className="card admin-connection">
      <div className="row">
        <label className="admin-connection-choice">
          Connection
          <select value={pendingId ?? activeId ?? ''} disabled={busy} onChange={(event) => void use(event.target.value)}>
            {activeId === null && <option value="">Choose where to manage MFA…</option>}
            {connections.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.kind === 'embedded' ? connection.label : `${connection.label} (${connection.baseUrl})`}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          Add a remote connection…
        </button>
        {active?.kind === 'remote' && (
          <button type="button" className="danger" disabled={busy} onClick={() => setRemoving(true)}>
            Remove this connection…
          </button>
        )}
        {busy && (
          <span className="muted" role="status">
            Connecting…
          </span>
        )}
      </div>
      {active && (
        <p className="muted admin-connection-facts">
          {active.kind === 'embedded' ? 'The server built into Tessera, on this computer.' : `Client ${active.clientId ?? '—'} at ${active.baseUrl}`}
          {active.audience && ` · audience ${active.audience}`}
        </p>
      )}
      {activeId === null && connections.length > 0 && <p>Choose a connection to manage its users, factors and applications.</p>}
      {removing && active && (
        <InlineConfirm
          id="remove-connection"
          question={`Remove ${active.label}? Its client secret is deleted from the keychain; the tenant itself is not changed.`}
          confirmLabel="Remove connection"
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(false)}
        />
      )}
      <ErrorMessage message={error ?? loadError} />
      {adding && <AddConnectionForm onDone={() => setAdding(false)} />}
    </div>
  );
}
