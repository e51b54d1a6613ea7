import { useLive } from './hooks/use-live';
import { useActivityReporting } from './hooks/use-activity';
import { KeyringScreen } from './screens/KeyringScreen';
import { LockScreen } from './screens/LockScreen';
import { Shell } from './Shell';

/** Chooses between the keyring explanation, the lock screen and the app, from main's vault status. */
export function App() {
  const status = useLive(window.tessera.vaultStatus, ['lock']);
  useActivityReporting();

  if (status.value === undefined) {
    return (
      <main className="full-screen">
        {status.failed ? (
          <p role="alert" className="error">
            Tessera could not reach its main process.
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </main>
    );
  }

  const current = status.value;
  if (current.state === 'keyring_unavailable') return <KeyringScreen keyring={current.keyring} message={current.message} onRetry={status.refresh} />;
  if (current.state === 'locked') return <LockScreen onUnlocked={() => void status.refresh()} />;
  return <Shell passcodeSet={current.passcodeSet} onStatusChanged={status.refresh} />;
}
