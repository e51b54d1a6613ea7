import { useCallback, useState, type JSX } from 'react';
import { ApplicationsScreen } from './screens/ApplicationsScreen';
import { AuditLogScreen } from './screens/AuditLogScreen';
import { BulkResetScreen } from './screens/BulkResetScreen';
import { FactorsScreen } from './screens/FactorsScreen';
import { LogStreamsScreen } from './screens/LogStreamsScreen';
import { OutboxScreen } from './screens/OutboxScreen';
import { AlertBanner } from './AlertBanner';
import { ConnectionBar } from './connection/ConnectionBar';
import { UsersScreen } from './users/UsersScreen';
import { UserScreen } from './user/UserScreen';
import './admin.css';

const SCREENS = [
  { id: 'users', label: 'Users' },
  { id: 'factors', label: 'Factors & policies' },
  { id: 'audit', label: 'Audit log' },
  { id: 'bulk', label: 'Bulk reset' },
  { id: 'applications', label: 'Applications' },
  { id: 'streams', label: 'Log streams' },
  { id: 'outbox', label: 'Outbox' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

/**
 * The admin console: which tenant (the connection bar), then one screen of it. Each screen is drawn
 * again from scratch when the connection changes (keyed by it), so nothing of one tenant shows on another.
 * While the bar switches (starting the embedded server can take seconds) the screens still show the
 * tenant being left: they are inert then, so nothing is typed into a form that is about to be drawn
 * again, and no action is taken on the tenant the admin is leaving.
 */
export function AdminSection(): JSX.Element {
  const [screen, setScreen] = useState<ScreenId>('users');
  const [userId, setUserId] = useState<string | null>(null);
  const [bulkSelection, setBulkSelection] = useState<string[] | undefined>(undefined);
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);

  // A person or a selection belongs to one tenant: another connection starts from its list.
  const connectionChosen = useCallback((id: string | null) => {
    setConnectionId(id);
    setUserId(null);
    setBulkSelection(undefined);
  }, []);

  function open(next: ScreenId) {
    setScreen(next);
    setUserId(null);
    if (next !== 'bulk') setBulkSelection(undefined);
  }

  function bulkReset(userIds: string[]) {
    setBulkSelection(userIds);
    setScreen('bulk');
    setUserId(null);
  }

  return (
    <section className="admin" aria-labelledby="admin-title">
      <h2 id="admin-title" className="visually-hidden">
        Admin console
      </h2>
      <ConnectionBar onActive={connectionChosen} onBusy={setSwitching} />
      {connectionId !== null && (
        <div className="admin-tenant" inert={switching} aria-busy={switching}>
          <AlertBanner key={connectionId} refreshKey={`${screen} ${userId ?? ''}`} onOpenAuditLog={() => open('audit')} />
          <nav className="admin-nav" aria-label="Admin sections">
            {SCREENS.map((entry) => (
              <button key={entry.id} type="button" className="tab" aria-current={screen === entry.id ? 'page' : undefined} onClick={() => open(entry.id)}>
                {entry.label}
              </button>
            ))}
          </nav>
          <div key={connectionId} className="admin-body">
            {screen === 'users' && userId === null && <UsersScreen onOpenUser={setUserId} onBulkReset={bulkReset} />}
            {screen === 'users' && userId !== null && <UserScreen userId={userId} onBack={() => setUserId(null)} />}
            {screen === 'factors' && <FactorsScreen />}
            {screen === 'audit' && <AuditLogScreen />}
            {screen === 'bulk' && <BulkResetScreen key={(bulkSelection ?? []).join(' ')} initialSelection={bulkSelection} />}
            {screen === 'applications' && <ApplicationsScreen />}
            {screen === 'streams' && <LogStreamsScreen />}
            {screen === 'outbox' && <OutboxScreen />}
          </div>
        </div>
      )}
    </section>
  );
}
