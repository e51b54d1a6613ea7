import type { Management } from 'auth0';
import { logTypeLabel } from './log-types';
import type { LogEventView } from './types';

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function logEventView(log: Management.Log): LogEventView {
  const type = text(log.type) ?? '';
  const details = log.details && typeof log.details === 'object' ? (log.details as Record<string, unknown>) : null;
  return {
    logId: text(log.log_id) ?? '',
    date: typeof log.date === 'string' ? log.date : '',
    type,
    typeLabel: logTypeLabel(type),
    description: text(log.description),
    userId: text(log.user_id),
    userName: text(log.user_name),
    clientId: text(log.client_id),
    clientName: text(log.client_name),
    ip: text(log.ip),
    details,
  };
}
