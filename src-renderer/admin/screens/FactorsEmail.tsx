import { useEffect, useState, type JSX } from 'react';
import type { EmailSettingsPatch, EmailSettingsView, EmailTestRequest } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { FactorsEmailTemplate } from './FactorsEmailTemplate';
import { FactorsEmailTest } from './FactorsEmailTest';
import { FactorsSwitch } from './FactorsSwitch';
import { useAdminCall } from './use-admin-call';

/**
 * The email factor: on or off, the code email's template (Auth0's `mfa_oob_code`) and a test email.
 * Each part is saved on its own; the server's refusal is shown here, in the card.
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

  async function save(patch: EmailSettingsPatch, said: (value: EmailSettingsView) => string): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => window.tessera.adminSetEmailSettings(patch));
    setBusy(false);
    if (outcome.ok) {
      setView(outcome.value);
      setStatus(said(outcome.value));
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
      <ErrorMessage message={error ?? loadError} />
      <Notice message={status} />
      {view === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : (
        <>
          <FactorsSwitch
            label="Email codes"
            description="People with a verified address can sign in with a code sent to it."
            checked={view.factorEnabled}
            busy={busy}
            onChange={(enabled) => void save({ factorEnabled: enabled }, (value) => `Email is ${value.factorEnabled ? 'on' : 'off'}.`)}
          />
          <FactorsEmailTemplate template={view.template} busy={busy} onSave={(template) => save({ template }, () => 'Email template saved.')} />
          <FactorsEmailTest busy={busy} onSend={sendTest} />
        </>
      )}
    </div>
  );
}
