import { useState, type FormEvent } from 'react';
import type { LogStreamFormat, LogStreamInput } from '../../../src-main/ipc/contract';

export const STREAM_FORMATS: { value: LogStreamFormat; label: string }[] = [
  { value: 'JSONLINES', label: 'JSON lines (up to 100 events per POST, one per line)' },
  { value: 'JSONARRAY', label: 'JSON array (up to 100 events per POST)' },
  { value: 'JSONOBJECT', label: 'JSON object (one event per POST)' },
];

/**
 * Name, receiver URL, Authorization header and format of a new HTTP stream. The header is sent to main
 * once, with the form, and cleared here whatever the answer: the server never gives it back.
 */
export function LogStreamsCreateForm({ busy, onCreate }: { busy: boolean; onCreate(input: LogStreamInput): Promise<boolean> }) {
  const [name, setName] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [authorization, setAuthorization] = useState('');
  const [format, setFormat] = useState<LogStreamFormat>('JSONLINES');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = authorization;
    setAuthorization('');
    if (await onCreate({ name: name.trim(), endpoint: endpoint.trim(), format, ...(typed ? { authorization: typed } : {}) })) {
      setName('');
      setEndpoint('');
    }
  }

  return (
    <form className="card" aria-labelledby="create-stream-title" onSubmit={(event) => void submit(event)}>
      <h3 id="create-stream-title">Create a log stream</h3>
      <label>
        Name
        <input value={name} maxLength={128} onChange={(event) => setName(event.target.value)} placeholder="SIEM" />
      </label>
      <label>
        Endpoint
        <input type="url" value={endpoint} maxLength={2048} onChange={(event) => setEndpoint(event.target.value)} placeholder="https://siem.example.com/tessera" />
      </label>
      <label>
        Authorization header <span className="muted">(optional; stored encrypted on the server, never shown again)</span>
        <input type="password" autoComplete="off" value={authorization} maxLength={4096} onChange={(event) => setAuthorization(event.target.value)} placeholder="Bearer …" />
      </label>
      <label>
        Format
        <select value={format} onChange={(event) => setFormat(event.target.value as LogStreamFormat)}>
          {STREAM_FORMATS.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={busy || name.trim() === '' || endpoint.trim() === ''}>
        Create stream
      </button>
    </form>
  );
}
