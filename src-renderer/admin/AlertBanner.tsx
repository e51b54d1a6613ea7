import { useEffect, type JSX } from 'react';
import { useLive } from '../hooks/use-live';
import { alertText } from './alert-text';

/** Alerts are rare and a minute late is fine; the banner also asks again whenever the admin changes screen. */
const POLL_MS = 60_000;

/**
 * The last 24 hours' `mass_mfa_reset` and `push_fatigue` events, at the top of the Admin section, with a
 * way to the audit log. Draws nothing while there are none (or they cannot be read: the screens say why).
 */
export function AlertBanner({ refreshKey, onOpenAuditLog }: { refreshKey: string; onOpenAuditLog(): void }): JSX.Element | null {
  const alerts = useLive(window.tessera.adminRecentAlerts, ['admin']);
  const { refresh } = alerts;
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, refreshKey]);

  const list = alerts.value?.ok ? alerts.value.value : [];
  if (list.length === 0) return null;
  return (
    // A region, not role="alert": it stays up while the alerts are recent, and the screens' own alerts stay the page's only ones.
    <section className="card admin-alerts" aria-labelledby="admin-alerts-title">
      <strong id="admin-alerts-title">Security alerts in the last 24 hours</strong>
      <ul>
        {list.map((alert) => (
          <li key={alert.logId}>
            {alertText(alert)} <span className="muted">({new Date(alert.date).toLocaleString()})</span>
          </li>
        ))}
      </ul>
      <button type="button" className="link" onClick={onOpenAuditLog}>
        Open the audit log
      </button>
    </section>
  );
}
