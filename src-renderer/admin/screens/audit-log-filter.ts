import type { LogEventView, LogQuery } from '../../../src-main/ipc/contract';

/** The audit filters as the form holds them: empty strings mean "any". Dates are `YYYY-MM-DD`. */
export interface AuditLogFilter {
  type: string;
  userId: string;
  from: string;
  to: string;
}

export const NO_FILTER: AuditLogFilter = { type: '', userId: '', from: '', to: '' };

/** Auth0 log event codes Tessera writes, with Auth0's names for them (Auth0 docs: Log Event Type Codes). */
export const LOG_TYPE_CHOICES: { code: string; label: string }[] = [
  { code: 's', label: 'Success Login' },
  { code: 'fp', label: 'Wrong email or password' },
  { code: 'mfar', label: 'MFA required' },
  { code: 'gd_start_enroll', label: 'MFA enroll started' },
  { code: 'gd_enrollment_complete', label: 'MFA enrollment complete' },
  { code: 'gd_unenroll', label: 'Unenroll device account' },
  { code: 'gd_auth_succeed', label: 'MFA auth success' },
  { code: 'gd_auth_failed', label: 'MFA auth failed' },
  { code: 'gd_auth_rejected', label: 'MFA auth rejected' },
  { code: 'gd_otp_rate_limit_exceed', label: 'Too many MFA failures' },
  { code: 'gd_recovery_succeed', label: 'MFA recovery success' },
  { code: 'gd_recovery_failed', label: 'MFA recovery failed' },
  { code: 'gd_send_pn', label: 'Push notification sent' },
  { code: 'gd_tenant_update', label: 'Guardian tenant update' },
  { code: 'seccft', label: 'Client credentials exchange' },
  { code: 'sapi', label: 'Success API operation' },
];

export function logQueryOf(filter: AuditLogFilter, page: number, perPage: number): LogQuery {
  return { ...exportQueryOf(filter), page, perPage };
}

export function exportQueryOf(filter: AuditLogFilter): Omit<LogQuery, 'page' | 'perPage'> {
  return {
    types: filter.type === '' ? [] : [filter.type],
    ...(filter.userId.trim() === '' ? {} : { userId: filter.userId.trim() }),
    ...(filter.from === '' ? {} : { from: filter.from }),
    ...(filter.to === '' ? {} : { to: filter.to }),
  };
}

/**
 * Whether a tailed event belongs in the filtered table: the live tail reads every new event, and the
 * table shows only those the filters would have listed. Dates compare as UTC days, inclusive.
 */
export function matchesFilter(event: LogEventView, filter: AuditLogFilter): boolean {
  const day = event.date.slice(0, 10);
  if (filter.type !== '' && event.type !== filter.type) return false;
  if (filter.userId.trim() !== '' && event.userId !== filter.userId.trim()) return false;
  if (filter.from !== '' && day < filter.from) return false;
  return filter.to === '' || day <= filter.to;
}
