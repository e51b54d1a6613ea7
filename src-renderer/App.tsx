import { useEffect, useState } from 'react';
import type { AppInfo } from '../src-main/ipc/contract';

type InfoState = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed' };

export function App() {
  const [state, setState] = useState<InfoState>({ status: 'loading' });

  useEffect(() => {
    let active = true;
    window.tessera.getAppInfo().then(
      (info) => {
        if (active) setState({ status: 'ready', info });
      },
      () => {
        if (active) setState({ status: 'failed' });
      },
    );
    // StrictMode mounts twice in development; ignore the answer for an unmounted instance.
    return () => {
      active = false;
    };
  }, []);

  return (
    <main>
      <h1>Tessera</h1>
      {state.status === 'loading' && <p>Loading…</p>}
      {state.status === 'failed' && <p role="alert">Could not read app information.</p>}
      {state.status === 'ready' && (
        <p>
          {state.info.name} {state.info.version} on {state.info.platform}
        </p>
      )}
    </main>
  );
}
