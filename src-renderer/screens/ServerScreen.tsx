import { useEffect, useState } from 'react';
import type { ServerStatus } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { useOutcome } from '../hooks/use-outcome';
import { useLive } from '../hooks/use-live';

const STATE_TEXT: Record<ServerStatus['state'], string> = { stopped: 'Stopped', starting: 'Starting…', running: 'Running', failed: 'Failed' };

/** The embedded Tessera server on loopback: its state, port, and start/stop. */
export function ServerScreen() {
  const api = window.tessera;
  const status = useLive(api.serverStatus, ['server']);
  // Live, so a port or auto-start saved elsewhere shows here at once.
  const saved = useLive(api.getSettings, ['settings']);
  const settings = saved.value;
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const { error, setError, run } = useOutcome();

  // The port field follows the saved port when it changes (first load, a save here or elsewhere).
  const savedPort = settings?.serverPort;
  useEffect(() => {
    if (savedPort !== undefined) setPort(String(savedPort));
  }, [savedPort]);

  async function change(call: () => Promise<ServerStatus>) {
    setBusy(true);
    try {
      await call();
    } catch {
      setError('The server did not answer.');
    }
    await status.refresh();
    setBusy(false);
  }

  async function savePort() {
    const value = Number(port);
    setBusy(true);
    // A running server restarts on the new port before this answers.
    await run(() => api.updateSettings({ serverPort: value }));
    await Promise.all([saved.refresh(), status.refresh()]);
    setBusy(false);
  }

  async function setAutoStart(serverAutoStart: boolean) {
    await run(() => api.updateSettings({ serverAutoStart }));
    await saved.refresh();
  }

  const current = status.value;
  const running = current?.state === 'running' || current?.state === 'starting';

  return (
    <section aria-labelledby="server-title">
      <h2 id="server-title">Embedded server</h2>
      <ErrorMessage message={saved.failed ? 'Could not read the settings.' : error} />
      <div className="card">
        <p>
          Status: <strong className={`server-state server-${current?.state ?? 'unknown'}`}>{current ? STATE_TEXT[current.state] : '…'}</strong>
          {current?.url && (
            <>
              {' '}
              at <code className="server-url">{current.url}</code>
            </>
          )}
        </p>
        {current && <p className="muted">Port {current.port} on 127.0.0.1 (this computer only).</p>}
        {current?.message && <p className="error">{current.message}</p>}
        <div className="row">
          <button type="button" className="primary" disabled={busy || running} onClick={() => void change(api.startServer)}>
            Start
          </button>
          <button type="button" disabled={busy || !running} onClick={() => void change(api.stopServer)}>
            Stop
          </button>
        </div>
      </div>
      {settings && (
        <form
          className="card"
          onSubmit={(event) => {
            event.preventDefault();
            void savePort();
          }}
        >
          <label>
            Port (loopback only; a running server moves to it)
            <input type="number" min={1024} max={65535} value={port} onChange={(event) => setPort(event.target.value)} />
          </label>
          <button type="submit" disabled={busy || port === String(settings.serverPort)}>
            Save port
          </button>
          <label className="check">
            <input type="checkbox" checked={settings.serverAutoStart} onChange={(event) => void setAutoStart(event.target.checked)} />
            Start the server when Tessera starts
          </label>
        </form>
      )}
    </section>
  );
}
