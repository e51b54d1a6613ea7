import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { Account, ImportReport, IpcOutcome } from '../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { describeImport } from '../format';
import { useOutcome, type OutcomeRunner } from '../hooks/use-outcome';
import { ManualEntryForm } from './ManualEntryForm';
import { setupLinkProblem } from './setup-link';

const LINK_ERROR_ID = 'setup-link-error';

/**
 * Every way in, the desktop's best first: the screen (whole, or an area), then the clipboard, an image
 * file, a pasted link, or typing the secret. Each part shows its own errors next to it. `onAdded` gets
 * the first new account, which the list then shows selected.
 */
export function AddAccountScreen({ onAdded, onShowAccount }: { onAdded: (account: Account) => void; onShowAccount: () => void }) {
  const api = window.tessera;
  const [uri, setUri] = useState('');
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scan = useOutcome();
  const link = useOutcome();

  // A null report: the user cancelled (a screen-area selection), so there is nothing to tell.
  async function importWith(runner: OutcomeRunner, call: () => Promise<IpcOutcome<ImportReport | null>>): Promise<boolean> {
    setBusy(true);
    setNotice(null);
    const outcome = await runner.run(call);
    setBusy(false);
    if (outcome.ok && outcome.value !== null) {
      setNotice(describeImport(outcome.value));
      const first = outcome.value.added[0];
      if (first) onAdded(first);
    }
    return outcome.ok;
  }

  async function submitUri(event: FormEvent) {
    event.preventDefault();
    const problem = setupLinkProblem(uri);
    setLinkProblem(problem);
    if (problem === null && (await importWith(link, () => api.addUri(uri.trim())))) setUri('');
  }

  async function pickImage(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await importWith(scan, () => api.addQrImage(bytes));
    input.value = '';
  }

  const linkError = linkProblem ?? link.error;

  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">Add an account</h2>
      <Notice message={notice} />
      {notice && (
        <button type="button" className="link" onClick={onShowAccount}>
          Show it in Accounts
        </button>
      )}

      <div className="card">
        <h3>Scan the setup QR code on your screen</h3>
        <div className="row">
          <button type="button" className="primary" onClick={() => void importWith(scan, api.addQrScreen)} disabled={busy}>
            Scan screen
          </button>
          <button type="button" onClick={() => void importWith(scan, api.addQrRegion)} disabled={busy}>
            Select screen area
          </button>
          <button type="button" onClick={() => void importWith(scan, api.addQrClipboard)} disabled={busy}>
            From clipboard
          </button>
        </div>
        <p className="muted">
          Leave the site’s QR code open in your browser, then scan: every screen is searched, or drag around the one code
          you mean. Nothing is stored but the accounts found.
        </p>
        <label className="file-pick">
          Or a QR code image (PNG or JPEG)
          <input type="file" accept="image/png,image/jpeg" onChange={(event) => void pickImage(event)} disabled={busy} />
        </label>
        <ErrorMessage message={scan.error} />
      </div>

      <form className="card" onSubmit={(event) => void submitUri(event)}>
        <h3>Paste a setup link</h3>
        <label>
          otpauth:// URI (or a Google Authenticator export link)
          <input
            value={uri}
            onChange={(event) => {
              setUri(event.target.value);
              setLinkProblem(null);
              link.setError(null);
            }}
            placeholder="otpauth://totp/Example:ada@example.com?secret=…"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={linkError !== null}
            aria-describedby={linkError !== null ? LINK_ERROR_ID : undefined}
          />
        </label>
        {linkError !== null && (
          <p id={LINK_ERROR_ID} className="error" role="alert">
            {linkError}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || uri.trim() === ''}>
          Add from link
        </button>
      </form>

      <div className="card">
        <ManualEntryForm
          onAdded={(account) => {
            setNotice(null);
            onAdded(account);
          }}
        />
      </div>
    </section>
  );
}
