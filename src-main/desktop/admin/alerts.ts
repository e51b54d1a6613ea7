import { logOperations } from './logs';
import type { ManagementCall } from './management-call';
import { AlertType, type AlertView, type LogEventView } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The banner names a few; the audit log has the rest. */
const NEWEST = 20;

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** The event's details as Tessera writes them (README "Alerts"): count, window_s, user_id, client_id, push_locked. */
function alertView(event: LogEventView): AlertView {
  const details = event.details ?? {};
  return {
    logId: event.logId,
    date: event.date,
    type: event.type as AlertType,
    count: num(details.count),
    windowSeconds: num(details.window_s),
    userId: event.userId ?? text(details.user_id),
    userName: event.userName,
    clientId: event.clientId ?? text(details.client_id),
    clientName: event.clientName,
    pushLocked: details.push_locked === true,
  };
}

/** Alerts are audit-log events, so they are read through the same (Auth0 `logs`) search the audit log uses. */
export function alertOperations(call: ManagementCall, clock: { now(): number } = Date) {
  const logs = logOperations(call);
  return {
    async recentAlerts(): Promise<AlertView[]> {
      const from = new Date(clock.now() - DAY_MS).toISOString();
      const page = await logs.logs({ types: Object.values(AlertType), from, page: 0, perPage: NEWEST });
      return page.events.filter((e) => Date.parse(e.date) >= Date.parse(from)).map(alertView);
    },
  };
}
