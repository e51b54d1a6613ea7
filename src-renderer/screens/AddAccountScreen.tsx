import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { ImportReport, IpcOutcome } from '../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { describeImport } from '../format';
import { useOutcome } from '../hooks/use-outcome';
import { ManualEntryForm } from './ManualEntryForm';

/** Every way in: an otpauth URI, a QR image file, the clipboard, the screen, or typing the secret. */
export function AddAccountScreen() {
  const api = window.tessera;
  const [uri, setUri] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { error, run } = useOutcome();

  // A null report: the user cancelled (a screen-area selection), so there is nothing to tell.
  async function importWith(call: () => Promise<IpcOutcome<ImportReport | null>>): Promise<boolean> {
    setBusy(true);
    setNotice(null);
    const outcome = await run(call);
    setBusy(false);
    if (outcome.ok && outcome.value !== null) setNotice(describeImport(outcome.value));
    return outcome.ok;
  }

  async function submitUri(event: FormEvent) {
    event.preventDefault();
    if (await importWith(() => api.addUri(uri.trim()))) setUri('');
  }

  async function pickImage(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await importWith(() => api.addQrImage(bytes));
    input.value = '';
  }

  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">Add an account</h2>
      <ErrorMessage message={error} />
      <Notice message={notice} />

      <form className="card" onSubmit={(event) => void submitUri(event)}>
        <h3>Paste a setup link</h3>
        <label>
          otpauth:// URI (or a Google Authenticator export link)
          <input value={uri} onChange={(event) => setUri(event.target.value)} placeholder="otpauth://totp/Example:ada@example.com?secret=…" spellCheck={false} autoComplete="off" />
        </label>
        <button type="submit" className="primary" disabled={busy || uri.trim() === ''}>
          Add from link
        </button>
      </form>

      <div className="card">
        <h3>Read a QR code</h3>
        <label className="file-pick">
          QR code image (PNG or JPEG)
          <input type="file" accept="image/png,image/jpeg" onChange={(event) => void pickImage(event)} disabled={busy} />
        </label>
        <div className="row">
          <button type="button" onClick={() => void importWith(api.addQrClipboard)} disabled={busy}>
            From clipboard
          </button>
          <button type="button" onClick={() => void importWith(api.addQrScreen)} disabled={busy}>
            Scan screen
          </button>
          <button type="button" onClick={() => void importWith(api.addQrRegion)} disabled={busy}>
            Select screen area
          </button>
        </div>
        <p className="muted">
          Scanning looks for setup QR codes on every screen; selecting an area reads the one code you drag around.
          Nothing is stored but the accounts found.
        </p>
      </div>

      <div className="card">
        <ManualEntryForm onAdded={() => setNotice(null)} />
      </div>
    </section>
  );
}
