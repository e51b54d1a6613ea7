import { useState } from 'react';
import type { ImportReport, IpcOutcome, SaveResult } from '../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { describeImport } from '../format';
import { useOutcome } from '../hooks/use-outcome';

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
  }

  const backupPassword = importPassword === '' ? null : importPassword;

  return (
    <div className="card" aria-labelledby="backup-title">
      <h3 id="backup-title">Backup and import</h3>
      <ErrorMessage message={error} />
      <Notice message={notice} />
      <label>
        Backup password
        <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" />
      </label>
      <div className="row">
        <button type="button" className="primary" disabled={password === ''} onClick={() => void save(() => api.exportEncrypted(password))}>
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
      <button type="button" disabled={text.trim() === ''} onClick={() => void load(() => api.importText(text, backupPassword)).then(() => setText(''))}>
        Import pasted text
      </button>
    </div>
  );
}
