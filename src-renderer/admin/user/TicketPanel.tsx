import { useState, type JSX } from 'react';
import { TicketFactor, type AdminUserDetail, type TicketResult } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useAdminCall } from '../screens/use-admin-call';
import { QrCanvas } from './QrCanvas';

const FACTORS: { value: TicketFactor | 'any'; label: string }[] = [
  { value: 'any', label: 'Let them choose' },
  { value: TicketFactor.otp, label: 'Authenticator app (OTP)' },
  { value: TicketFactor.push, label: 'Push notification' },
];

/**
 * An enrollment ticket (Auth0's guardian/enrollments/ticket): a link the person opens to enroll. Shown
 * once as a QR code drawn here and as text to copy, or emailed by the server when it has SMTP.
 */
export function TicketPanel({ user, onClose }: { user: AdminUserDetail; onClose(): void }): JSX.Element {
  const [factor, setFactor] = useState<TicketFactor | 'any'>('any');
  const [ticket, setTicket] = useState<TicketResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { error, run } = useAdminCall();

  async function create(sendMail: boolean) {
    setBusy(true);
    setNotice(null);
    const request = { userId: user.userId, sendMail, ...(factor === 'any' ? {} : { factor }) };
    const outcome = await run(() => window.tessera.adminCreateTicket(request));
    setBusy(false);
    if (!outcome.ok) return;
    setTicket(outcome.value);
    if (outcome.value.mailed) setNotice(`The enrollment link was emailed to ${user.email ?? 'the person'}.`);
  }

  async function copyLink(url: string) {
    const outcome = await run(() => window.tessera.adminCopySecret(url));
    if (outcome.ok) setNotice(`Link copied. The clipboard clears in ${outcome.value.clearsAfterSeconds} seconds.`);
  }

  function done() {
    // The link enrolls whoever opens it: it is forgotten here once the admin is done with it.
    setTicket(null);
    onClose();
  }

  return (
    <div className="admin-ticket" role="region" aria-label="Enrollment ticket">
      {ticket === null ? (
        <fieldset className="admin-ticket-factor">
          <legend>Factor to enroll</legend>
          {FACTORS.map((entry) => (
            <label key={entry.value} className="check">
              <input type="radio" name="ticket-factor" value={entry.value} checked={factor === entry.value} onChange={() => setFactor(entry.value)} />
              {entry.label}
            </label>
          ))}
          <div className="row">
            <button type="button" className="primary" disabled={busy} onClick={() => void create(false)}>
              Create ticket
            </button>
            <button type="button" disabled={busy || user.email === null} onClick={() => void create(true)}>
              Email it
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="admin-ticket-result">
          {!ticket.mailed && (
            <>
              <QrCanvas text={ticket.ticketUrl} label={`QR code of the enrollment link for ${user.email ?? user.userId}`} />
              <p>
                Scan it on their phone, or send them the link. It works once: <code className="admin-ticket-url">{ticket.ticketUrl}</code>
              </p>
            </>
          )}
          <div className="row">
            {!ticket.mailed && (
              <button type="button" className="primary" onClick={() => void copyLink(ticket.ticketUrl)}>
                Copy link
              </button>
            )}
            <button type="button" onClick={done}>
              Done
            </button>
          </div>
        </div>
      )}
      <ErrorMessage message={error} />
      <Notice message={notice} />
    </div>
  );
}
