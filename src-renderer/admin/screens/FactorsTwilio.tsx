import { useEffect, useState, type FormEvent } from 'react';
import type { TwilioInput, TwilioView, WriteOnlyState } from '../../../src-main/ipc/contract';

const TOKEN_STATE: Record<WriteOnlyState, string> = {
  set: 'set; type a new one to replace it',
  'not-set': 'not set',
  unknown: 'write-only: leave empty to keep the saved one',
};

/**
 * Twilio's account SID, auth token and sender (a number or a messaging service). The token is sent to
 * main once and the field cleared whatever the answer; the server never gives it back.
 */
export function FactorsTwilio({ twilio, busy, onSave }: { twilio: TwilioView; busy: boolean; onSave(input: TwilioInput): Promise<boolean> }) {
  const [sid, setSid] = useState(twilio.sid ?? '');
  const [from, setFrom] = useState(twilio.from ?? '');
  const [service, setService] = useState(twilio.messagingServiceSid ?? '');
  const [token, setToken] = useState('');

  useEffect(() => {
    setSid(twilio.sid ?? '');
    setFrom(twilio.from ?? '');
    setService(twilio.messagingServiceSid ?? '');
  }, [twilio]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = token;
    setToken('');
    const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
    await onSave({ sid: orNull(sid), from: orNull(from), messagingServiceSid: orNull(service), ...(typed ? { authToken: typed } : {}) });
  }

  return (
    <form aria-labelledby="twilio-title" onSubmit={(event) => void submit(event)}>
      <h4 id="twilio-title">Twilio</h4>
      <label>
        Account SID
        <input value={sid} maxLength={1000} autoComplete="off" onChange={(event) => setSid(event.target.value)} placeholder="AC…" />
      </label>
      <label>
        Auth token <span className="muted" data-token-state={twilio.authToken}>({TOKEN_STATE[twilio.authToken]})</span>
        <input type="password" value={token} maxLength={1000} autoComplete="off" onChange={(event) => setToken(event.target.value)} />
      </label>
      <label>
        From number <span className="muted">(E.164, or leave empty and use a messaging service)</span>
        <input value={from} maxLength={64} autoComplete="off" onChange={(event) => setFrom(event.target.value)} placeholder="+15005550006" />
      </label>
      <label>
        Messaging service SID
        <input value={service} maxLength={1000} autoComplete="off" onChange={(event) => setService(event.target.value)} placeholder="MG…" />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Save Twilio
      </button>
    </form>
  );
}
