import type { PushDecision, PushRequestView } from '../../src-main/ipc/contract';
import { formatTime } from '../format';

export interface PushRequestCardProps {
  request: PushRequestView;
  busy: boolean;
  onResolve(decision: PushDecision, number: string | null): void;
}

/** A login waiting for this device: who asks, from where, and the three numbers to choose from. */
export function PushRequestCard({ request, busy, onResolve }: PushRequestCardProps) {
  const client = request.clientName ?? 'An application';
  return (
    <article className="push-request" aria-labelledby={`push-${request.transactionId}`} data-transaction-id={request.transactionId}>
      <h3 id={`push-${request.transactionId}`}>
        {client} wants to sign in as {request.userId}
      </h3>
      <dl className="facts">
        <dt>Service</dt>
        <dd>{request.issuer}</dd>
        <dt>Application</dt>
        <dd className="push-client">{request.clientName ?? 'unknown'}</dd>
        <dt>IP address</dt>
        <dd className="push-ip">{request.ip ?? 'unknown'}</dd>
        <dt>Browser</dt>
        <dd className="push-user-agent">{request.userAgent ?? 'unknown'}</dd>
        <dt>Requested</dt>
        <dd className="push-time">{formatTime(request.requestedAt ?? request.receivedAt)}</dd>
      </dl>
      {request.numberChoices ? (
        <fieldset className="numbers" disabled={busy}>
          <legend>Pick the number shown on the sign-in screen</legend>
          {request.numberChoices.map((choice) => (
            <button key={choice} type="button" className="number" onClick={() => onResolve('approve', choice)} aria-label={`Approve with number ${choice}`}>
              {choice}
            </button>
          ))}
        </fieldset>
      ) : (
        <button type="button" className="primary" disabled={busy} onClick={() => onResolve('approve', null)}>
          Approve
        </button>
      )}
      <div className="row">
        <button type="button" disabled={busy} onClick={() => onResolve('deny', null)}>
          Deny
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => onResolve('not_me', null)}>
          This wasn’t me
        </button>
      </div>
    </article>
  );
}
