import { useState } from 'react';
import type { ImportReport, IpcOutcome, SaveResult } from '../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { describeImport } from '../format';
import { useOutcome } from '../hooks/use-outcome';

/** Main's rule (src-main/vault/backup.ts checks it again): shown before the user types, not after a refusal. */
export const MIN_PASSWORD_LENGTH = 8;

/** Main's messages start lower case for logs and the CLI; here they are sentences. */
function inWords(message: string | null): string | null {
  if (message === null) return null;
  if (/^wrong password/i.test(message)) return 'The password is wrong, or the file is damaged. Passwords are case-sensitive: check it and try again.';
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function describeSave(result: SaveResult): string {
  return result.saved ? `Saved ${result.accounts} account${result.accounts === 1 ? '' : 's'} to ${result.path}.` : 'Nothing saved.';
}

/** Backups out (encrypted or plain) and imports in; files are chosen in main's dialogs. */
export function BackupPanel() {
  const api = window.tessera;
  const [password, setPassword] = useState('');
  const [importPassword, setImportPassword] = useState('');
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [plainConfirm, setPlainConfirm] = useState(false);
  const { error, run } = useOutcome();

  async function save(call: () => Promise<IpcOutcome<SaveResult>>) {
    setNotice(null);
    const outcome = await run(call);
    if (outcome.ok) setNotice(describeSave(outcome.value));
  }

  async function load(call: () => Promise<IpcOutcome<ImportReport | null>>) {
    setNotice(null);
    const outcome = await run(call);
    if (outcome.ok) setNotice(outcome.value === null ? 'Nothing imported.' : describeImport(outcome.value));
    return outcome.ok;
  }

  const backupPassword = importPassword === '' ? null : importPassword;

  return (
    <div className="card" aria-labelledby="backup-title">
      <h3 id="backup-title">Backup and import</h3>
      <ErrorMessage message={inWords(error)} />
      <Notice message={notice} />
      <label>
        Backup password
        <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" aria-describedby="backup-password-rules" />
      </label>
      <p id="backup-password-rules" className={password.length > 0 && password.length < MIN_PASSWORD_LENGTH ? 'warning' : 'muted'}>
        At least {MIN_PASSWORD_LENGTH} characters{password.length > 0 ? ` (${password.length} so far)` : ''}. A few unrelated words are easy to
        remember and hard to guess. Without this password the backup cannot be opened: nobody can recover it.
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={password.length < MIN_PASSWORD_LENGTH} onClick={() => void save(() => api.exportEncrypted(password))}>
          Export encrypted backup…
        </button>
        {plainConfirm ? (
          <>
            <button type="button" className="danger" onClick={() => void save(api.exportPlain).then(() => setPlainConfirm(false))}>
              Yes, export unencrypted
            </button>
            <button type="button" onClick={() => setPlainConfirm(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setPlainConfirm(true)}>
            Export plain (otpauth list)…
          </button>
        )}
      </div>
      {plainConfirm && <p className="warning">A plain export holds every secret in clear text. Anyone who reads the file can make your codes.</p>}

      <h4>Import</h4>
      <label>
        Password of the file (Tessera or Aegis encrypted backups)
        <input type="password" value={importPassword} onChange={(event) => setImportPassword(event.target.value)} autoComplete="off" />
      </label>
      <button type="button" onClick={() => void load(() => api.importFile(backupPassword))}>
        Import from file…
      </button>
      <label>
        Or paste an export (otpauth list, Aegis, 2FAS or Tessera JSON)
        <textarea rows={4} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
      </label>
      <button type="button" disabled={text.trim() === ''} onClick={() => void load(() => api.importText(text, backupPassword)).then((ok) => ok && setText(''))}>
        Import pasted text
      </button>
    </div>
  );
}
