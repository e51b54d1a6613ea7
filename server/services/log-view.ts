import { Type, type Static } from 'typebox';
import type { LogRow } from '../store/audit-log.js';

/** Auth0 log event (GET /api/v2/logs), https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes; log streams send the same object. */
export const LogEvent = Type.Object(
  {
    log_id: Type.String(),
    date: Type.String(),
    type: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    client_id: Type.Optional(Type.String()),
    client_name: Type.Optional(Type.String()),
    ip: Type.Optional(Type.String()),
    user_agent: Type.Optional(Type.String()),
    user_id: Type.Optional(Type.String()),
    user_name: Type.Optional(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type LogEventView = Static<typeof LogEvent>;

export function logView(row: LogRow): LogEventView {
  const optional = (key: string, value: string | null) => (value === null ? {} : { [key]: value });
  return {
    log_id: row.log_id,
    date: new Date(row.date).toISOString(),
    type: row.type,
    description: row.description,
    ...optional('client_id', row.client_id),
    ...optional('client_name', row.client_name),
    ...optional('ip', row.ip),
    ...optional('user_agent', row.user_agent),
    ...optional('user_id', row.user_id),
    ...optional('user_name', row.user_name),
    details: row.details,
  };
}
