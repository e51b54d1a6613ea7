import { useEffect, useState, type JSX } from 'react';
import type { EmailSettingsPatch, EmailSettingsView, EmailTestRequest } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { FactorsEmailTemplate } from './FactorsEmailTemplate';
import { FactorsEmailTest } from './FactorsEmailTest';
import { useAdminCall } from './use-admin-call';

/**
 * The email factor's code email (Auth0's `mfa_oob_code` template) and a test email. The factor itself is
 * switched in the Factors list above, the one place for every factor's switch. Each part is saved on its
 * own; the server's refusal is shown here, in the card.
 */
export function FactorsEmail(): JSX.Element {
  const live = useLive(window.tessera.adminEmailSettings, ['admin']);
  const [view, setView] = useState<EmailSettingsView | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const { error, run } = useAdminCall();

  useEffect(() => {
    if (live.value?.ok) setView(live.value.value);
  }, [live.value]);

  async function save(patch: EmailSettingsPatch, said: string): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => window.tessera.adminSetEmailSettings(patch));
    setBusy(false);
    if (outcome.ok) {
      setView(outcome.value);
      setStatus(said);
    }
    return outcome.ok;
  }

  async function sendTest(request: EmailTestRequest): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => window.tessera.adminSendEmailTest(request));
    setBusy(false);
    if (outcome.ok) setStatus(`Test email sent through ${outcome.value.provider} (message ${outcome.value.messageId}).`);
    return outcome.ok;
  }

  const loadError = view === null && live.value && !live.value.ok ? describeAdminError(live.value.error) : null;
  return (
    <div className="card admin-email" aria-labelledby="email-title" role="region">
      <h3 id="email-title">Email</h3>
      <p className="muted">Switch Email on or off in Factors above; here is the email that carries the code.</p>
      <ErrorMessage message={error ?? loadError} />
      <Notice message={status} />
      {view === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : (
        <>
          <FactorsEmailTemplate template={view.template} busy={busy} onSave={(template) => save({ template }, 'Email template saved.')} />
          <FactorsEmailTest busy={busy} onSend={sendTest} />
        </>
      )}
    </div>
  );
}
