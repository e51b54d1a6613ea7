import { useEffect, useState, type FormEvent } from 'react';
import type { PhoneWebhookInput, PhoneWebhookView } from '../../../src-main/ipc/contract';

/** The server signs each delivery with the secret; at least 16 characters (its own rule). */
const MIN_SECRET = 16;

/** Tessera's custom provider: the URL that receives each code and the secret that signs it (sent once, never shown). */
export function FactorsWebhook({ webhook, busy, onSave }: { webhook: PhoneWebhookView; busy: boolean; onSave(input: PhoneWebhookInput): Promise<boolean> }) {
  const [url, setUrl] = useState(webhook.url ?? '');
  const [secret, setSecret] = useState('');

  useEffect(() => setUrl(webhook.url ?? ''), [webhook]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = secret;
    setSecret('');
    await onSave({ url: url.trim(), secret: typed });
  }

  return (
    <form aria-labelledby="webhook-title" onSubmit={(event) => void submit(event)}>
      <h4 id="webhook-title">Custom webhook</h4>
      <label>
        URL
        <input type="url" value={url} maxLength={2000} onChange={(event) => setUrl(event.target.value)} placeholder="https://sms.example.com/tessera" />
      </label>
      <label>
        Signing secret <span className="muted">({webhook.secretConfigured ? 'set; saving needs it typed again' : 'not set'}, {MIN_SECRET}+ characters)</span>
        <input type="password" value={secret} maxLength={1000} autoComplete="off" onChange={(event) => setSecret(event.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || url.trim() === '' || secret === ''}>
        Save webhook
      </button>
    </form>
  );
}
