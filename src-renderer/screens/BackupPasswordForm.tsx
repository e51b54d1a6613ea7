import { useState } from 'react';
import { MIN_PASSWORD_LENGTH } from './BackupPanel';

/**
 * Sets the automatic backups' password: the rules are shown before typing, and it is typed twice
 * (a typo would make every later backup unopenable). The page never reads it back.
 */
export function BackupPasswordForm({ passwordSet, onSubmit }: { passwordSet: boolean; onSubmit: (password: string) => Promise<boolean> }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const short = password.length > 0 && password.length < MIN_PASSWORD_LENGTH;
  const differ = repeat.length > 0 && repeat !== password;

  async function submit() {
    if (await onSubmit(password)) {
      setPassword('');
      setRepeat('');
    }
  }

  return (
    <form
      className="auto-backup-password"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p>
        Backup password: <strong>{passwordSet ? 'set (kept in the system keychain)' : 'not set'}</strong>
      </p>
      <p id="auto-backup-password-rules" className={short ? 'warning' : 'muted'}>
        At least {MIN_PASSWORD_LENGTH} characters{password.length > 0 ? ` (${password.length} so far)` : ''}. Without it the backups cannot be opened:
        nobody can recover it. Backups made before a change keep the password they were made with.
      </p>
      <div className="row">
        <label>
          {passwordSet ? 'New password for automatic backups' : 'Password for automatic backups'}
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" aria-describedby="auto-backup-password-rules" />
        </label>
        <label>
          Repeat it
          <input type="password" value={repeat} onChange={(event) => setRepeat(event.target.value)} autoComplete="new-password" />
        </label>
      </div>
      {differ && <p className="warning">The two passwords differ.</p>}
      <button type="submit" disabled={password.length < MIN_PASSWORD_LENGTH || repeat !== password}>
        {passwordSet ? 'Change backup password' : 'Set backup password'}
      </button>
    </form>
  );
}
