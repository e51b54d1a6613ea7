import { useState, type FormEvent } from 'react';
import type { ApplicationInput, ApplicationPreset } from '../../../src-main/ipc/contract';

const PRESETS: { value: ApplicationPreset; label: string; description: string }[] = [
  { value: 'password_mfa', label: 'Password + MFA', description: 'A web app that signs people in with a password and a second factor (refresh tokens included).' },
  { value: 'm2m', label: 'Machine to machine', description: 'A backend that calls the Management API with client credentials.' },
];

/** Name and preset of a new application. */
export function ApplicationsCreateForm({ busy, onCreate }: { busy: boolean; onCreate(input: ApplicationInput): Promise<boolean> }) {
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<ApplicationPreset>('password_mfa');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onCreate({ name: name.trim(), preset })) setName('');
  }

  return (
    <form className="card" aria-labelledby="create-app-title" onSubmit={(event) => void submit(event)}>
      <h3 id="create-app-title">Create an application</h3>
      <label>
        Name
        <input value={name} maxLength={100} onChange={(event) => setName(event.target.value)} placeholder="My web app" />
      </label>
      <fieldset className="admin-fieldset">
        <legend>Preset</legend>
        {PRESETS.map((choice) => (
          <label key={choice.value} className="check admin-radio">
            <input type="radio" name="app-preset" value={choice.value} checked={preset === choice.value} onChange={() => setPreset(choice.value)} />
            <span>
              {choice.label}
              <span className="muted admin-switch-description">{choice.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
        Create
      </button>
    </form>
  );
}
