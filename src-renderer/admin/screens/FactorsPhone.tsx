import { useEffect, useState, type JSX } from 'react';
import type { PhoneChannel, PhoneProvider, PhoneSettingsPatch, PhoneSettingsView, PhoneTestRequest } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useLive } from '../../hooks/use-live';
import { describeAdminError } from './admin-outcome';
import { FactorsChoice } from './FactorsChoice';
import { FactorsPhoneTemplates } from './FactorsPhoneTemplates';
import { FactorsPhoneTest } from './FactorsPhoneTest';
import { FactorsTwilio } from './FactorsTwilio';
import { FactorsWebhook } from './FactorsWebhook';
import { useAdminCall } from './use-admin-call';

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
  const live = useLive(window.tessera.adminPhoneSettings, ['admin']);
  const [view, setView] = useState<PhoneSettingsView | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const { error, run } = useAdminCall();

  useEffect(() => {
    if (live.value?.ok) setView(live.value.value);
  }, [live.value]);

  async function save(patch: PhoneSettingsPatch, said: string): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => window.tessera.adminSetPhoneSettings(patch));
    setBusy(false);
    if (outcome.ok) {
      setView(outcome.value);
      setStatus(said);
    }
    return outcome.ok;
  }

  async function sendTest(request: PhoneTestRequest): Promise<boolean> {
    setBusy(true);
    setStatus(null);
    const outcome = await run(() => window.tessera.adminSendPhoneTest(request));
    setBusy(false);
    if (outcome.ok) setStatus(`Test message sent through ${outcome.value.provider} (message ${outcome.value.messageId}).`);
    return outcome.ok;
  }

  // A failed refresh keeps the settings shown: the screen above already says the server is unreachable.
  const loadError = view === null && live.value && !live.value.ok ? describeAdminError(live.value.error) : null;
  return (
    <div className="card admin-phone" aria-labelledby="phone-title" role="region">
      <h3 id="phone-title">Phone (SMS and voice)</h3>
      <p className="muted">Switch SMS and Email on or off in Factors above; here is how phone codes reach people.</p>
      <ErrorMessage message={error ?? loadError} />
      <Notice message={status} />
      {view === null ? (
        !loadError && <p className="muted">Loading…</p>
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
