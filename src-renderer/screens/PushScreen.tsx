import { useState } from 'react';
import type { PushDecision, PushDeviceView, PushRequestView } from '../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../components/ErrorMessage';
import { formatTime } from '../format';
import { useOutcome } from '../hooks/use-outcome';
import { useLive } from '../hooks/use-live';
import { PushEnrollForm } from './PushEnrollForm';
import { pushErrorInWords } from './push-errors';
import { PushRequestCard } from './PushRequestCard';

const CONNECTION_TEXT = { connecting: 'Connecting…', open: 'Connected', retrying: 'Reconnecting…', closed: 'Disconnected' } as const;
const DECISION_TEXT: Record<PushDecision, string> = { approve: 'Approved', deny: 'Denied', not_me: 'Reported as not you' };

export interface PushScreenProps {
  pending: PushRequestView[];
  /** Re-reads the pending list after a decision (also when it failed: the request may have expired). */
  onResolved(): Promise<void>;
}

/** Push sign-in: the devices this computer is enrolled as, new enrollment, and logins waiting for a decision. */
export function PushScreen({ pending, onResolved }: PushScreenProps) {
  const api = window.tessera;
  const devices = useLive(api.pushDevices, ['push']);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const { error, run } = useOutcome();

  async function enrolled(device: PushDeviceView) {
    setNotice(`Enrolled for ${device.userId} at ${device.issuer}.`);
    await devices.refresh();
  }

  async function resolve(request: PushRequestView, decision: PushDecision, number: string | null) {
    setBusy(true);
    const outcome = await run(() => api.resolvePush(request.transactionId, decision, number));
    setBusy(false);
    if (outcome.ok) setNotice(`${DECISION_TEXT[decision]}: ${request.clientName ?? 'sign-in'} for ${request.userId}.`);
    await onResolved();
  }

  async function remove(enrollmentId: string) {
    setRemoving(null);
    if ((await run(() => api.removePush(enrollmentId))).ok) await devices.refresh();
  }

  const list = devices.value?.ok ? devices.value.value : [];
  const devicesError = devices.value && !devices.value.ok ? devices.value.error.message : null;

  return (
    <section aria-labelledby="push-title">
      <h2 id="push-title">Push sign-in</h2>
      <ErrorMessage message={devicesError ?? (error === null ? null : pushErrorInWords(error))} />
      <Notice message={notice} />

      <h3>Waiting for you</h3>
      {pending.length === 0 ? (
        <p className="muted">No sign-in is waiting.</p>
      ) : (
        <div className="push-requests">
          {pending.map((request) => (
            <PushRequestCard key={request.transactionId} request={request} busy={busy} onResolve={(decision, number) => void resolve(request, decision, number)} />
          ))}
        </div>
      )}

      <h3>This computer is enrolled for</h3>
      {list.length === 0 ? (
        <p className="muted">No push enrollment yet.</p>
      ) : (
        <ul className="devices">
          {list.map((device) => (
            <li key={device.enrollmentId} className="device">
              <div>
                <strong>{device.userId}</strong> at {device.issuer}
                <div className="muted">
                  {device.name} · enrolled {formatTime(device.enrolledAt)} · {device.baseUrl}
                </div>
              </div>
              <span className={`connection connection-${device.connection}`} role="status">
                {CONNECTION_TEXT[device.connection]}
              </span>
              {removing === device.enrollmentId ? (
                <div className="confirm device-confirm" role="group" aria-label={`Remove the enrollment for ${device.userId}?`}>
                  <p>This computer stops receiving sign-in requests for {device.userId} at {device.issuer}. Keep another way to sign in.</p>
                  <button type="button" className="danger" onClick={() => void remove(device.enrollmentId)}>
                    Remove enrollment
                  </button>
                  <button type="button" onClick={() => setRemoving(null)} autoFocus>
                    Cancel
                  </button>
                </div>
              ) : (
                <button type="button" className="danger" onClick={() => setRemoving(device.enrollmentId)} aria-label={`Remove enrollment for ${device.userId}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      <PushEnrollForm run={run} onEnrolled={enrolled} />
    </section>
  );
}
