import { useEffect, useState } from 'react';
import type { Settings } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { useOutcome } from '../hooks/use-outcome';
import { BackupPanel } from './BackupPanel';
import { PasscodeForm } from './PasscodeForm';

/** Preferences, the passcode, and backups. Each change is saved at once; main checks the ranges. */
export function SettingsScreen({ passcodeSet, onStatusChanged }: { passcodeSet: boolean; onStatusChanged: () => void }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const { error, setError, run } = useOutcome();

  useEffect(() => {
    window.tessera.getSettings().then(setSettings, () => setError('Could not read the settings.'));
  }, [setError]);

  /** Shows the change at once (a checkbox must follow the click) and takes main's answer, or reverts. */
  async function update(patch: Partial<Settings>) {
    const before = settings;
    setSettings((current) => current && { ...current, ...patch });
    const outcome = await run(() => window.tessera.updateSettings(patch));
    setSettings(outcome.ok ? outcome.value : before);
  }

  function updateNumber(key: 'idleLockMinutes' | 'clipboardClearSeconds', raw: string) {
    const value = Number(raw);
    if (raw !== '' && Number.isInteger(value)) void update({ [key]: value });
  }

  if (settings === null) return <ErrorMessage message={error} />;

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <ErrorMessage message={error} />
      <div className="card">
        <label className="check">
          <input type="checkbox" checked={settings.hideCodes} onChange={(event) => void update({ hideCodes: event.target.checked })} />
          Hide codes until I reveal them
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.lockOnOsLock} onChange={(event) => void update({ lockOnOsLock: event.target.checked })} />
          Lock when the computer locks or sleeps
        </label>
        <label>
          Lock after minutes without use (0 = never; needs a passcode)
          <input type="number" min={0} max={1440} defaultValue={settings.idleLockMinutes} onBlur={(event) => updateNumber('idleLockMinutes', event.target.value)} />
        </label>
        <label>
          Clear copied codes from the clipboard after (seconds)
          <input type="number" min={5} max={600} defaultValue={settings.clipboardClearSeconds} onBlur={(event) => updateNumber('clipboardClearSeconds', event.target.value)} />
        </label>
      </div>
      <PasscodeForm passcodeSet={passcodeSet} onChanged={onStatusChanged} />
      <BackupPanel />
    </section>
  );
}
