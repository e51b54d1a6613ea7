import { useState, type FormEvent } from 'react';
import type { EmailTestRequest } from '../../../src-main/ipc/contract';

/** Sends the code email with a throw-away code to an address the admin types, to check SMTP and the template. */
export function FactorsEmailTest({ busy, onSend }: { busy: boolean; onSend(request: EmailTestRequest): Promise<boolean> }) {
  const [email, setEmail] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSend({ email: email.trim() });
  }

  return (
    <form aria-labelledby="email-test-title" onSubmit={submit}>
      <h4 id="email-test-title">Send a test email</h4>
      <p className="muted">The code email with a code that signs nobody in, through the server’s email delivery (Tessera servers only).</p>
      <label>
        Email address
        <input type="text" inputMode="email" value={email} maxLength={320} autoComplete="off" onChange={(event) => setEmail(event.target.value)} placeholder="you@example.com" />
      </label>
      <button type="submit" disabled={busy || email.trim() === ''}>
        Send a test email
      </button>
    </form>
  );
}
