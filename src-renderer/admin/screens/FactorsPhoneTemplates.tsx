import { useEffect, useState, type FormEvent } from 'react';
import type { PhoneTemplates } from '../../../src-main/ipc/contract';

/**
 * The enrollment and verification messages. The server checks them (each must contain {{code}}, only
 * Auth0's variables) and its refusal is shown by the card; nothing is checked twice here.
 */
export function FactorsPhoneTemplates({ templates, busy, onSave }: { templates: PhoneTemplates; busy: boolean; onSave(templates: PhoneTemplates): Promise<boolean> }) {
  const [enrollment, setEnrollment] = useState(templates.enrollmentMessage);
  const [verification, setVerification] = useState(templates.verificationMessage);

  useEffect(() => {
    setEnrollment(templates.enrollmentMessage);
    setVerification(templates.verificationMessage);
  }, [templates]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSave({ enrollmentMessage: enrollment, verificationMessage: verification });
  }

  return (
    <form aria-labelledby="templates-title" onSubmit={submit}>
      <h4 id="templates-title">Message templates</h4>
      <p className="muted">Use {'{{code}}'} (required), {'{{tenant.friendly_name}}'}, {'{{message_type}}'}, {'{{locale}}'} and {'{{pause}}'}.</p>
      <label>
        Enrollment message
        <textarea value={enrollment} maxLength={1000} rows={2} onChange={(event) => setEnrollment(event.target.value)} />
      </label>
      <label>
        Verification message
        <textarea value={verification} maxLength={1000} rows={2} onChange={(event) => setVerification(event.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || enrollment === '' || verification === ''}>
        Save templates
      </button>
    </form>
  );
}
