import { useState, type FormEvent, type JSX } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAdminCall } from '../screens/use-admin-call';

/**
 * A remote Tessera or Auth0 tenant: its URL and a machine-to-machine client's id and secret. Main checks
 * them by getting a token before it saves anything; the secret goes to the keychain and this form
 * forgets it (success or not, the field is cleared).
 */
export function AddConnectionForm({ onDone }: { onDone(): void }): JSX.Element {
  const [baseUrl, setBaseUrl] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const { error, run } = useAdminCall();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const input = { baseUrl: baseUrl.trim(), clientId: clientId.trim(), clientSecret, ...(label.trim() ? { label: label.trim() } : {}) };
    const outcome = await run(() => window.tessera.adminAddRemoteConnection(input));
    setBusy(false);
    setClientSecret('');
    if (outcome.ok) onDone();
  }

  return (
    <form className="admin-add-connection" aria-label="Add a remote connection" onSubmit={(event) => void submit(event)}>
      <div className="grid">
        <label className="wide">
          Server URL
          <input type="url" required placeholder="https://tenant.eu.auth0.com/ or http://127.0.0.1:3000/" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} />
        </label>
        <label>
          Client ID
          <input required autoComplete="off" value={clientId} onChange={(event) => setClientId(event.target.value)} />
        </label>
        <label>
          Client secret
          <input type="password" required autoComplete="off" value={clientSecret} onChange={(event) => setClientSecret(event.target.value)} />
        </label>
        <label className="wide">
          Name (optional)
          <input value={label} placeholder="Defaults to the server's host" onChange={(event) => setLabel(event.target.value)} />
        </label>
      </div>
      <p className="muted">The client needs the Management API scopes for users, guardian, logs and clients. The secret is kept in the system keychain.</p>
      <ErrorMessage message={error} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Check and save'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
