import { useState, type JSX } from 'react';
import type { AdminAuthenticator, AdminUserDetail } from '../../../src-main/ipc/contract';
import { formatWhen, KIND_TEXT } from '../mfa-kinds';
import { InlineConfirm } from '../screens/InlineConfirm';
import { useAdminCall } from '../screens/use-admin-call';
import { ErrorMessage } from '../../components/ErrorMessage';

function deleteQuestion(authenticator: AdminAuthenticator): string {
  const what = `${KIND_TEXT[authenticator.kind].label}${authenticator.name ? ` (${authenticator.name})` : ''}`;
  if (authenticator.removedWith.length === 0) return `Delete ${what}? The person can no longer sign in with it.`;
  const others = authenticator.removedWith.map((other) => KIND_TEXT[other.kind].label).join(' and ');
  return `Delete ${what}? ${others} goes with it: they are one enrollment. The person can no longer sign in with either.`;
}

/** The authenticators, each with its delete; deleting asks in its own row first. */
export function AuthenticatorsTable({ user, onChanged }: { user: AdminUserDetail; onChanged(message: string): Promise<void> }): JSX.Element {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { error, run } = useAdminCall();

  async function remove(authenticator: AdminAuthenticator) {
    setBusy(true);
    const outcome = await run(() => window.tessera.adminRemoveAuthenticator(user.userId, authenticator.id));
    setBusy(false);
    if (!outcome.ok) return;
    setConfirming(null);
    await onChanged(`${KIND_TEXT[authenticator.kind].label} deleted.`);
  }

  return (
    <div className="card">
      <h3 id="authenticators-title">Authenticators</h3>
      <ErrorMessage message={error} />
      {user.authenticators.length === 0 ? (
        <p className="muted">No authenticators: the person enrolls again at their next sign-in (or send them an enrollment ticket).</p>
      ) : (
        <table className="admin-table" aria-labelledby="authenticators-title">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Confirmed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {user.authenticators.map((authenticator) => (
              <AuthenticatorRow
                key={authenticator.id}
                authenticator={authenticator}
                confirming={confirming === authenticator.id}
                busy={busy}
                onAsk={() => setConfirming(authenticator.id)}
                onCancel={() => setConfirming(null)}
                onConfirm={() => void remove(authenticator)}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface RowProps {
  authenticator: AdminAuthenticator;
  confirming: boolean;
  busy: boolean;
  onAsk(): void;
  onCancel(): void;
  onConfirm(): void;
}

function AuthenticatorRow({ authenticator, confirming, busy, onAsk, onCancel, onConfirm }: RowProps): JSX.Element {
  const label = KIND_TEXT[authenticator.kind].label;
  return (
    <>
      <tr>
        <td>{label}</td>
        <td>{authenticator.name ?? '—'}</td>
        <td>{formatWhen(authenticator.createdAt, '—')}</td>
        <td>{formatWhen(authenticator.lastUsedAt)}</td>
        <td>{authenticator.confirmed ? 'Yes' : 'No'}</td>
        <td>
          <button type="button" className="danger" aria-label={`Delete ${label}${authenticator.name ? ` ${authenticator.name}` : ''}`} onClick={onAsk} disabled={confirming}>
            Delete…
          </button>
        </td>
      </tr>
      {confirming && (
        <tr>
          <td colSpan={6}>
            <InlineConfirm id={`delete-${authenticator.id}`} question={deleteQuestion(authenticator)} confirmLabel="Delete" busy={busy} onConfirm={onConfirm} onCancel={onCancel} />
          </td>
        </tr>
      )}
    </>
  );
}
