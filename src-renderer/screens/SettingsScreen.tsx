import { useState } from 'react';
import type { Settings } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { useLive } from '../hooks/use-live';
import { useOutcome } from '../hooks/use-outcome';
import { AutoBackupPanel } from './AutoBackupPanel';
import { BackupPanel } from './BackupPanel';
import { NEW_PASSCODE_FIELD_ID, PasscodeForm } from './PasscodeForm';
import { PrivacySettings } from './PrivacySettings';

/** `pending` without the keys `patch` set, unless a later change of the same key is still on its way. */
function settle(pending: Partial<Settings>, patch: Partial<Settings>): Partial<Settings> {
  const next: Partial<Settings> = { ...pending };
  for (const key of Object.keys(patch) as (keyof Settings)[]) if (next[key] === patch[key]) delete next[key];
  return next;
}

/** Preferences, the passcode, and backups. Each change is saved at once; main checks the ranges. */
export function SettingsScreen({ passcodeSet, onStatusChanged, focusAutoBackup = false }: { passcodeSet: boolean; onStatusChanged: () => void; focusAutoBackup?: boolean }) {
  // What main has saved, asked again whenever a setting changes anywhere.
  const saved = useLive(window.tessera.getSettings, ['settings']);
  // Main says whether this machine has Touch ID; without it the option is not shown at all.
  const touchId = useLive(window.tessera.touchIdStatus, ['settings', 'lock']);
  // Changes on their way to main, shown meanwhile (a checkbox must follow the click).
  const [pending, setPending] = useState<Partial<Settings>>({});
  const { error, run } = useOutcome();
  const settings = saved.value && { ...saved.value, ...pending };

  /** Shows the change at once, then what main saved: the change, or the old value if main refused it. */
  async function update(patch: Partial<Settings>) {
    setPending((current) => ({ ...current, ...patch }));
    await run(() => window.tessera.updateSettings(patch));
    await saved.refresh();
    setPending((current) => settle(current, patch));
  }

  function updateNumber(key: 'idleLockMinutes' | 'clipboardClearSeconds', raw: string) {
    const value = Number(raw);
    if (raw !== '' && Number.isInteger(value)) void update({ [key]: value });
  }

  function goToPasscode() {
    const field = document.getElementById(NEW_PASSCODE_FIELD_ID);
    field?.scrollIntoView({ block: 'center' });
    field?.focus();
  }

  if (settings === undefined) return <ErrorMessage message={saved.failed ? 'Could not read the settings.' : error} />;

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <ErrorMessage message={error} />
      <div className="card">
        <label className="check">
          <input type="checkbox" checked={settings.hideCodes} onChange={(event) => void update({ hideCodes: event.target.checked })} />
          Hide codes until I reveal them
        </label>
        {/* Without a passcode nothing can lock (a lock could not be undone): say so instead of showing a switch that does nothing. */}
        <fieldset className="lock-settings" disabled={!passcodeSet} aria-describedby={passcodeSet ? undefined : 'lock-needs-passcode'}>
          <label className="check">
            <input type="checkbox" checked={passcodeSet && settings.lockOnOsLock} onChange={(event) => void update({ lockOnOsLock: event.target.checked })} />
            Lock when the computer locks or sleeps
          </label>
          <label>
            Lock after minutes without use (0 = never)
            <input key={settings.idleLockMinutes} type="number" min={0} max={1440} defaultValue={settings.idleLockMinutes} onBlur={(event) => updateNumber('idleLockMinutes', event.target.value)} />
          </label>
          {touchId.value?.available === true && (
            <label className="check">
              <input type="checkbox" checked={passcodeSet && settings.touchIdUnlock} onChange={(event) => void update({ touchIdUnlock: event.target.checked })} />
              Unlock with Touch ID (the passcode still works)
            </label>
          )}
        </fieldset>
        {!passcodeSet && (
          <p className="muted" id="lock-needs-passcode">
            Locking needs a passcode, so these settings are off.{' '}
            <button type="button" className="link" onClick={goToPasscode}>
              Set a passcode
            </button>
          </p>
        )}
        <label>
          Clear copied codes from the clipboard after (seconds)
          <input key={settings.clipboardClearSeconds} type="number" min={5} max={600} defaultValue={settings.clipboardClearSeconds} onBlur={(event) => updateNumber('clipboardClearSeconds', event.target.value)} />
        </label>
      </div>
      <PrivacySettings settings={settings} update={(patch) => void update(patch)} />
      <PasscodeForm passcodeSet={passcodeSet} onChanged={onStatusChanged} />
      <BackupPanel />
      <AutoBackupPanel focus={focusAutoBackup} />
    </section>
  );
}
