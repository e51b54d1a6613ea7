import { useEffect, useState, type FormEvent } from 'react';
import type { EmailTemplateInput, EmailTemplateView } from '../../../src-main/ipc/contract';

/**
 * The code email (the server's `mfa_oob_code` template): sender, subject and HTML body in Liquid. The server
 * checks them (they parse and render, {{ code }} required) and its refusal is shown by the card.
 */
export function FactorsEmailTemplate({ template, busy, onSave }: { template: EmailTemplateView; busy: boolean; onSave(template: EmailTemplateInput): Promise<boolean> }) {
  const [from, setFrom] = useState(template.from);
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);

  useEffect(() => {
    setFrom(template.from);
    setSubject(template.subject);
    setBody(template.body);
  }, [template]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSave({ from: from.trim(), subject, body });
  }

  const state = !template.saved ? 'Not saved yet: codes go out in the default words below.' : template.enabled ? 'In use.' : 'Saved but switched off: codes go out in the default words.';
  return (
    <form aria-labelledby="email-template-title" onSubmit={submit}>
      <h4 id="email-template-title">Code email</h4>
      <p className="muted" data-template-state={template.saved ? (template.enabled ? 'enabled' : 'disabled') : 'unsaved'}>
        {state} Use {'{{ code }}'} (required), {'{{ user.email }}'}, {'{{ user.name }}'}, {'{{ application.name }}'}, {'{{ friendly_name }}'}, {'{{ user.user_metadata.… }}'}, Liquid tags ({'{% if %}'}, {'{% for %}'}) and filters.
      </p>
      <label>
        From <span className="muted">(empty: the server’s sender)</span>
        <input type="text" value={from} maxLength={512} autoComplete="off" onChange={(event) => setFrom(event.target.value)} placeholder="Security <security@example.com>" />
      </label>
      <label>
        Subject
        <input type="text" value={subject} maxLength={1000} autoComplete="off" onChange={(event) => setSubject(event.target.value)} />
      </label>
      <label>
        Body <span className="muted">(HTML)</span>
        <textarea value={body} maxLength={100_000} rows={5} onChange={(event) => setBody(event.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || body === ''}>
        Save email template
      </button>
    </form>
  );
}
