import { useState, type FormEvent } from 'react';
import type { PhoneChannel, PhoneTestRequest } from '../../../src-main/ipc/contract';

/** Sends the verification message with a throw-away code to a number the admin types, to check the provider. */
export function FactorsPhoneTest({ busy, onSend }: { busy: boolean; onSend(request: PhoneTestRequest): Promise<boolean> }) {
  const [phoneNumber, setPhoneNumber] = useState('');
  const [channel, setChannel] = useState<PhoneChannel>('sms');

  function submit(event: FormEvent) {
    event.preventDefault();
    void onSend({ channel, phoneNumber: phoneNumber.trim() });
  }

  return (
    <form aria-labelledby="phone-test-title" onSubmit={submit}>
      <h4 id="phone-test-title">Send a test message</h4>
      <p className="muted">The verification message with a code that signs nobody in, through the provider saved above (Tessera servers only).</p>
      <label>
        Phone number <span className="muted">(E.164)</span>
        <input type="tel" value={phoneNumber} maxLength={32} autoComplete="off" onChange={(event) => setPhoneNumber(event.target.value)} placeholder="+15555550123" />
      </label>
      <label>
        Send by
        <select value={channel} onChange={(event) => setChannel(event.target.value === 'voice' ? 'voice' : 'sms')}>
          <option value="sms">SMS</option>
          <option value="voice">Voice call</option>
        </select>
      </label>
      <button type="submit" disabled={busy || phoneNumber.trim() === ''}>
        Send a test message
      </button>
    </form>
  );
}
