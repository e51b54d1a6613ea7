import type { PushDecision, PushRequestView } from '../../src-main/ipc/contract';
import { formatTime } from '../format';
import { useSecondsUntil } from '../hooks/use-seconds-until';
import { describeUserAgent } from './user-agent';

export interface PushRequestCardProps {
  request: PushRequestView;
  busy: boolean;
  onResolve(decision: PushDecision, number: string | null): void;
}

function minutesAndSeconds(totalS: number): string {
  return `${Math.floor(totalS / 60)}:${String(totalS % 60).padStart(2, '0')}`;
}

/** A login waiting for this device: who, which application, from which browser and address, until when, and the three numbers. */
export function PushRequestCard({ request, busy, onResolve }: PushRequestCardProps) {
  const client = request.clientName ?? 'An application';
  const person = request.accountLabel ?? request.userId;
  const ttlS = Math.max(0, Math.round((Date.parse(request.expiresAt) - Date.parse(request.receivedAt)) / 1000));
  const leftS = useSecondsUntil(request.expiresAt, ttlS);
  const browser = describeUserAgent(request.userAgent);
  const headingId = `push-${request.transactionId}`;
  return (
    <article className="push-request" aria-labelledby={headingId} data-transaction-id={request.transactionId}>
      <h3 id={headingId}>
        {client} wants to sign in as {person}
      </h3>
      <p className="push-expiry" role="timer" aria-live="off">
        {leftS > 0 ? `Expires in ${minutesAndSeconds(leftS)}` : 'Expired'}
      </p>
      <dl className="facts">
        <dt>Account</dt>
        <dd className="push-person">
          {person}
          {request.accountLabel && <span className="muted"> ({request.userId})</span>} at {request.issuer}
        </dd>
        <dt>Application</dt>
        <dd className="push-client">{request.clientName ?? 'unknown'}</dd>
        <dt>Browser</dt>
        <dd className="push-user-agent" title={request.userAgent ?? undefined}>
          {browser ?? 'unknown'}
        </dd>
        <dt>IP address</dt>
        <dd className="push-ip">{request.ip ?? 'unknown'}</dd>
        <dt>Requested</dt>
        <dd className="push-time">{formatTime(request.requestedAt ?? request.receivedAt)}</dd>
      </dl>
      {request.numberChoices ? (
        <fieldset className="numbers" disabled={busy || leftS === 0}>
          <legend>Pick the number shown on the sign-in screen</legend>
          {request.numberChoices.map((choice) => (
            <button key={choice} type="button" className="number" onClick={() => onResolve('approve', choice)} aria-label={`Approve with number ${choice}`}>
              {choice}
            </button>
          ))}
        </fieldset>
      ) : (
        <button type="button" className="primary" disabled={busy || leftS === 0} onClick={() => onResolve('approve', null)}>
          Approve
        </button>
      )}
      <dl className="push-choices">
        <div>
          <dt>
            <button type="button" disabled={busy} onClick={() => onResolve('deny', null)} aria-describedby={`${headingId}-deny`}>
              Deny
            </button>
          </dt>
          <dd id={`${headingId}-deny`}>You started this sign-in but do not want it to go ahead.</dd>
        </div>
        <div>
          <dt>
            <button type="button" className="danger" disabled={busy} onClick={() => onResolve('not_me', null)} aria-describedby={`${headingId}-not-me`}>
              This wasn’t me
            </button>
          </dt>
          <dd id={`${headingId}-not-me`}>Refuse it and report it: someone else knows your password, so change it.</dd>
        </div>
      </dl>
    </article>
  );
}
