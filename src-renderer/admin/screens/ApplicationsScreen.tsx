import { useState, type JSX } from 'react';
import type { ApplicationInput, ApplicationWithSecret } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { ApplicationsCreateForm } from './ApplicationsCreateForm';
import { ApplicationsRow, type RowAction } from './ApplicationsRow';
import { OneTimeSecret } from './OneTimeSecret';
import { useAdminCall } from './use-admin-call';
import './admin-screens.css';

/**
 * The connection's applications (Auth0 clients): create one from a preset, rotate a secret, delete one.
 * A new secret is shown once, until Done; the page keeps it nowhere else.
 */
export function ApplicationsScreen(): JSX.Element {
  const list = useLive(window.tessera.adminApplications, ['admin']);
  const [asking, setAsking] = useState<{ clientId: string; action: RowAction } | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { error, run } = useAdminCall();

  function showSecret(result: ApplicationWithSecret, what: string) {
    setSecret({ label: `Client secret of ${result.application.name}`, value: result.clientSecret });
    setStatus(what);
  }

  async function create(input: ApplicationInput): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => window.tessera.adminCreateApplication(input));
    setBusy(false);
    if (!outcome.ok) return false;
    showSecret(outcome.value, `Created ${outcome.value.application.name} (client id ${outcome.value.application.clientId}).`);
    await list.refresh();
    return true;
  }

  async function confirm(clientId: string, name: string, action: RowAction) {
    setBusy(true);
    setStatus(null);
    if (action === 'rotate') {
      const outcome = await run(() => window.tessera.adminRotateApplicationSecret(clientId));
      if (outcome.ok) showSecret(outcome.value, `Rotated the secret of ${name}: the old one no longer works.`);
    } else {
      const outcome = await run(() => window.tessera.adminDeleteApplication(clientId));
      if (outcome.ok) setStatus(`Deleted ${name}.`);
    }
    setBusy(false);
    setAsking(null);
    await list.refresh();
  }

  const loaded = list.value?.ok ? list.value.value : null;
  const loadError = list.value && !list.value.ok ? describeAdminError(list.value.error) : list.failed ? 'Tessera could not reach its main process. Try again.' : null;

  return (
    <section aria-labelledby="apps-title" className="admin-screen">
      <h2 id="apps-title">Applications</h2>
      <ErrorMessage message={error ?? loadError} />
      <Notice message={status} />
      {secret && <OneTimeSecret label={secret.label} secret={secret.value} onDone={() => setSecret(null)} />}
      {loaded === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : (
        <div className="card admin-table-wrap">
          <table className="admin-table" aria-label="Applications">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Client id</th>
                <th scope="col">Type</th>
                <th scope="col">Grants</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.map((application) => (
                <ApplicationsRow
                  key={application.clientId}
                  application={application}
                  confirming={asking?.clientId === application.clientId ? asking.action : null}
                  busy={busy}
                  onAsk={(action) => setAsking({ clientId: application.clientId, action })}
                  onConfirm={(action) => void confirm(application.clientId, application.name, action)}
                  onCancel={() => setAsking(null)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ApplicationsCreateForm busy={busy} onCreate={create} />
    </section>
  );
}
