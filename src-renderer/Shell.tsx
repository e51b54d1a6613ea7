import { useState } from 'react';
import { AdminSection } from './admin/AdminSection';
import { ErrorMessage } from './components/ErrorMessage';
import { useOutcome } from './hooks/use-outcome';
import { useLive } from './hooks/use-live';
import { AccountsScreen } from './screens/AccountsScreen';
import { AddAccountScreen } from './screens/AddAccountScreen';
import { PushScreen } from './screens/PushScreen';
import { ServerScreen } from './screens/ServerScreen';
import { SettingsScreen } from './screens/SettingsScreen';

const TABS = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'add', label: 'Add account' },
  { id: 'push', label: 'Push' },
  { id: 'settings', label: 'Settings' },
  { id: 'server', label: 'Server' },
  { id: 'admin', label: 'Admin' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** The unlocked app: navigation, the current screen, and the pending push requests every screen shares. */
export function Shell({ passcodeSet, onStatusChanged }: { passcodeSet: boolean; onStatusChanged: () => Promise<void> }) {
  const [tab, setTab] = useState<TabId>('accounts');
  // The account added last, shown selected when the list opens next.
  const [added, setAdded] = useState<string | null>(null);
  // Settings opened from the backup reminder: it shows the automatic backups panel.
  const [focusBackup, setFocusBackup] = useState(false);
  const pending = useLive(window.tessera.pendingPush, ['push']);
  const { error, run } = useOutcome();
  const requests = pending.value?.ok ? pending.value.value : [];

  async function lock() {
    if ((await run(window.tessera.lock)).ok) await onStatusChanged();
  }

  return (
    <div className="shell">
      <header className="top">
        <h1>Tessera</h1>
        <nav aria-label="Sections">
          {TABS.map((entry) => (
            <button key={entry.id} type="button" className="tab" aria-current={tab === entry.id ? 'page' : undefined} onClick={() => (setTab(entry.id), setFocusBackup(false))}>
              {entry.label}
              {entry.id === 'push' && requests.length > 0 && (
                <span className="badge" aria-label={`${requests.length} waiting`}>
                  {requests.length}
                </span>
              )}
            </button>
          ))}
        </nav>
        {passcodeSet && (
          <button type="button" className="lock-button" onClick={() => void lock()}>
            Lock
          </button>
        )}
      </header>
      {requests.length > 0 && tab !== 'push' && (
        <div className="banner" role="status">
          A sign-in is waiting for your approval.{' '}
          <button type="button" className="link" onClick={() => setTab('push')}>
            Review
          </button>
        </div>
      )}
      <main className="content">
        <ErrorMessage message={error} />
        {tab === 'accounts' && (
          <AccountsScreen onAdd={() => setTab('add')} initialSelection={added} onOpenBackup={() => (setTab('settings'), setFocusBackup(true))} />
        )}
        {tab === 'add' && <AddAccountScreen onAdded={(account) => setAdded(account.id)} onShowAccount={() => setTab('accounts')} />}
        {tab === 'push' && <PushScreen pending={requests} onResolved={pending.refresh} />}
        {tab === 'settings' && <SettingsScreen passcodeSet={passcodeSet} onStatusChanged={() => void onStatusChanged()} focusAutoBackup={focusBackup} />}
        {tab === 'server' && <ServerScreen />}
        {tab === 'admin' && <AdminSection />}
      </main>
    </div>
  );
}
