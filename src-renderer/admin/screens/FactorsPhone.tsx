import type { JSX } from 'react';
import type { PhoneChannel, PhoneProvider, PhoneSettingsPatch, PhoneSettingsView, PhoneTestRequest } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { FactorsChoice } from './FactorsChoice';
import { FactorsPhoneTemplates } from './FactorsPhoneTemplates';
import { FactorsPhoneTest } from './FactorsPhoneTest';
import { FactorsTwilio } from './FactorsTwilio';
import { FactorsWebhook } from './FactorsWebhook';
import { useSettingsCard } from './use-settings-card';

const MESSAGE_TYPES: { value: string; label: string; types: PhoneChannel[] }[] = [
  { value: 'sms', label: 'SMS only', types: ['sms'] },
  { value: 'voice', label: 'Voice only', types: ['voice'] },
  { value: 'both', label: 'SMS and voice (the person chooses)', types: ['sms', 'voice'] },
];
const PROVIDERS: { value: PhoneProvider; label: string }[] = [
  { value: 'twilio', label: 'Twilio' },
  { value: 'custom', label: 'Custom webhook (Tessera)' },
];

const typesKey = (types: PhoneChannel[]): string => (types.length === 2 ? 'both' : (types[0] ?? ''));

/**
 * The phone factor (SMS and voice): which channels it offers, who carries the codes, and the message
 * templates. Each part is saved on its own; the server's refusal is shown here, in the card. Secrets
 * typed here go to main once and come back only as "set".
 */
export function FactorsPhone(): JSX.Element {
  const { view, busy, status, error, loading, save, sendTest } = useSettingsCard<PhoneSettingsView, PhoneSettingsPatch, PhoneTestRequest>({
    load: window.tessera.adminPhoneSettings,
    save: window.tessera.adminSetPhoneSettings,
    sendTest: window.tessera.adminSendPhoneTest,
    testNoun: 'Test message',
  });
  return (
    <div className="card admin-phone" aria-labelledby="phone-title" role="region">
      <h3 id="phone-title">Phone (SMS and voice)</h3>
      <p className="muted">Switch SMS and Email on or off in Factors above; here is how phone codes reach people.</p>
      <ErrorMessage message={error} />
      <Notice message={status} />
      {view === null ? (
        loading && <p className="muted">Loading…</p>
      ) : (
        <>
          <FactorsChoice
            legend="Message types"
            name="phone-message-types"
            choices={MESSAGE_TYPES}
            value={typesKey(view.messageTypes)}
            busy={busy}
            onChange={(value) => {
              const choice = MESSAGE_TYPES.find((entry) => entry.value === value);
              if (choice) void save({ messageTypes: choice.types }, `Phone codes go by ${choice.label.replace(/ \(.*\)$/, '').toLowerCase()}.`);
            }}
          />
          <FactorsChoice
            legend="Provider"
            name="phone-provider"
            choices={PROVIDERS}
            value={view.provider}
            busy={busy}
            onChange={(value) => {
              const provider = PROVIDERS.find((entry) => entry.value === value);
              if (provider) void save({ provider: provider.value }, `Phone codes go through ${provider.label}.`);
            }}
          />
          {view.provider === 'twilio' && <FactorsTwilio twilio={view.twilio} busy={busy} onSave={(twilio) => save({ twilio }, 'Twilio settings saved.')} />}
          {view.provider === 'custom' && view.custom && <FactorsWebhook webhook={view.custom} busy={busy} onSave={(custom) => save({ custom }, 'Webhook saved.')} />}
          <FactorsPhoneTemplates templates={view.templates} busy={busy} onSave={(templates) => save({ templates }, 'Templates saved.')} />
          <FactorsPhoneTest busy={busy} onSend={sendTest} />
        </>
      )}
    </div>
  );
}
