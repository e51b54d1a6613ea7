import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { IpcOutcome, PushDeviceView, PushQrSource } from '../../src-main/ipc/contract';
import type { OutcomeRunner } from '../hooks/use-outcome';

export interface PushEnrollFormProps {
  /** The screen's runner, so a refusal shows with the screen's other errors. */
  run: OutcomeRunner['run'];
  onEnrolled(device: PushDeviceView): Promise<void>;
}

/**
 * Enrolls this computer from a push enrollment: its link pasted, or its QR code read by main from an
 * image, the clipboard or the screens. The QR code carries the enrollment, so this page never decodes it
 * and never learns what it says. (The vault's scans point here by these buttons' names: qr-image.ts.)
 */
export function PushEnrollForm({ run, onEnrolled }: PushEnrollFormProps) {
  const api = window.tessera;
  const [barcodeUri, setBarcodeUri] = useState('');
  const [name, setName] = useState('Tessera desktop');
  const [busy, setBusy] = useState(false);
  const deviceName = name.trim();
  const cannotEnroll = busy || deviceName === '';

  // A null device: the user cancelled a screen-area selection, so there is nothing to tell.
  async function enrollWith(call: () => Promise<IpcOutcome<PushDeviceView | null>>): Promise<boolean> {
    setBusy(true);
    const outcome = await run(call);
    setBusy(false);
    if (outcome.ok && outcome.value !== null) await onEnrolled(outcome.value);
    return outcome.ok;
  }

  async function submitLink(event: FormEvent) {
    event.preventDefault();
    if (await enrollWith(() => api.enrollPush(barcodeUri.trim(), deviceName))) setBarcodeUri('');
  }

  async function pickImage(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await enrollWith(() => api.enrollPushQr({ kind: 'image', bytes }, deviceName));
    input.value = '';
  }

  const readQr = (source: PushQrSource) => () => void enrollWith(() => api.enrollPushQr(source, deviceName));

  return (
    <div className="card">
      <h3>Enroll this computer</h3>
      <label>
        Device name
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <form onSubmit={(event) => void submitLink(event)}>
        <label>
          Enrollment link (the barcode_uri of the push QR code)
          <input value={barcodeUri} onChange={(event) => setBarcodeUri(event.target.value)} placeholder="otpauth://totp/…?enrollment_tx_id=…" spellCheck={false} autoComplete="off" />
        </label>
        <button type="submit" className="primary" disabled={cannotEnroll || barcodeUri.trim() === ''}>
          Enroll
        </button>
      </form>

      <h4 className="enroll-qr">Or read its QR code</h4>
      <label className="file-pick">
        QR image (PNG or JPEG)
        <input type="file" accept="image/png,image/jpeg" onChange={(event) => void pickImage(event)} disabled={cannotEnroll} />
      </label>
      <div className="row">
        <button type="button" onClick={readQr({ kind: 'clipboard' })} disabled={cannotEnroll}>
          From clipboard
        </button>
        <button type="button" onClick={readQr({ kind: 'screen' })} disabled={cannotEnroll}>
          Scan screen
        </button>
        <button type="button" onClick={readQr({ kind: 'region' })} disabled={cannotEnroll}>
          Select screen area
        </button>
      </div>
      <p className="muted">The QR code is read by Tessera itself and enrolls at once: this page never sees the enrollment in it.</p>
    </div>
  );
}
