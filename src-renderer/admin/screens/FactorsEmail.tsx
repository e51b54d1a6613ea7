import type { JSX } from 'react';
import type { EmailSettingsPatch, EmailSettingsView, EmailTestRequest } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { FactorsEmailTemplate } from './FactorsEmailTemplate';
import { FactorsEmailTest } from './FactorsEmailTest';
import { useSettingsCard } from './use-settings-card';

/**
 * The email factor's code email (Auth0's `mfa_oob_code` template) and a test email. The factor itself is
 * switched in the Factors list above, the one place for every factor's switch. Each part is saved on its
 * own; the server's refusal is shown here, in the card.
 */
export function FactorsEmail(): JSX.Element {
  const { view, busy, status, error, loading, save, sendTest } = useSettingsCard<EmailSettingsView, EmailSettingsPatch, EmailTestRequest>({
    load: window.tessera.adminEmailSettings,
    save: window.tessera.adminSetEmailSettings,
    sendTest: window.tessera.adminSendEmailTest,
    testNoun: 'Test email',
  });
  return (
    <div className="card admin-email" aria-labelledby="email-title" role="region">
      <h3 id="email-title">Email</h3>
      <p className="muted">Switch Email on or off in Factors above; here is the email that carries the code.</p>
      <ErrorMessage message={error} />
      <Notice message={status} />
      {view === null ? (
        loading && <p className="muted">Loading…</p>
      ) : (
        <>
          <FactorsEmailTemplate template={view.template} busy={busy} onSave={(template) => save({ template }, 'Email template saved.')} />
          <FactorsEmailTest busy={busy} onSend={sendTest} />
        </>
      )}
    </div>
  );
}
