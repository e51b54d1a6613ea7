import { randomHex } from '../crypto/random.js';
import type { Clock, Random } from '../deps.js';
import type { RequestOrigin } from '../context.js';
import type { LogRow } from '../store/audit-log.js';
import type { StoreRepos } from '../store/index.js';

/** Auth0 log event codes (https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes) plus `sapi` for Management API operations. */
export const LOG_TYPES = {
  mfar: 'Multi-factor authentication required',
  gd_start_enroll: 'MFA Enroll started',
  gd_enrollment_complete: 'MFA enrollment complete',
  gd_auth_succeed: 'MFA Auth success',
  gd_auth_failed: 'MFA Auth failed',
  gd_otp_rate_limit_exceed: 'Too many MFA failures',
  gd_recovery_succeed: 'MFA recovery success',
  gd_recovery_failed: 'Recovery failed',
  gd_recovery_rate_limit_exceed: 'Multi-factor recovery code has failed too many times',
  gd_unenroll: 'Unenroll device account',
  gd_update_device_account: 'Update device account',
  gd_send_pn: 'Push notification sent',
  gd_send_sms: 'MFA SMS Sent',
  gd_send_sms_failure: 'Error Sending MFA SMS',
  gd_send_voice: 'MFA voice call success',
  gd_send_voice_failure: 'MFA voice call failed',
  gd_send_email: 'MFA Email Sent',
  gd_auth_rejected: 'MFA Auth rejected',
  gd_start_enroll_failed: 'MFA Enrollment Failed',
  seoobft: 'Successful exchange of Password and OOB Challenge for Access Token',
  feoobft: 'Failed exchange of Password and OOB Challenge for Access Token',
  gd_tenant_update: 'Guardian tenant update',
  seotpft: 'Successful exchange of Password and OTP Challenge for Access Token',
  feotpft: 'Failed exchange of Password and OTP Challenge for Access Token',
  sercft: 'Successful exchange of Password and MFA Recovery code for Access Token',
  fercft: 'Failed exchange of Password and MFA Recovery code for Access Token',
  s: 'Success Login',
  fp: 'Wrong email or password',
  seccft: 'Successful exchange of Access Token for a Client Credentials Grant',
  sertft: 'Successful exchange of Refresh Token for Access Token',
  fertft: 'Failed exchange of Refresh Token for Access Token',
  sapi: 'Success API Operation',
  // Tessera's alerts (not Auth0 codes): see services/alerts.ts.
  mass_mfa_reset: 'Mass MFA reset',
  push_fatigue: 'Push fatigue',
} as const;
export type LogType = keyof typeof LOG_TYPES;

export interface AuditEvent {
  type: LogType;
  origin?: RequestOrigin;
  userId?: string | null;
  clientId?: string | null;
  description?: string;
  /** Never a code, secret or token: only ids, names and reasons. */
  details?: Record<string, unknown>;
  /** The user's e-mail and the client's name, when the caller has already read them: not read again. */
  userName?: string | null;
  clientName?: string | null;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /** Several entries in the order given, written by one store call (one statement on PostgreSQL). */
  recordAll(events: AuditEvent[]): Promise<void>;
  /** The same log writing through `store` (an open transaction's handle), so an entry commits or rolls back with it. */
  using(store: StoreRepos): AuditLog;
}

/** The entry's row; the user's e-mail and the client's name are read only when the caller did not pass them. */
async function logRow(store: StoreRepos, event: AuditEvent, now: number, random: Random): Promise<Omit<LogRow, 'seq'>> {
  const userName = event.userName !== undefined || !event.userId ? event.userName : (await store.users.find(event.userId))?.email;
  const clientName = event.clientName !== undefined || !event.clientId ? event.clientName : (await store.clients.find(event.clientId))?.name;
  return {
    log_id: `${String(now).padStart(15, '0')}${randomHex(random, 8)}`,
    type: event.type,
    date: now,
    description: event.description ?? LOG_TYPES[event.type],
    client_id: event.clientId ?? null,
    client_name: clientName ?? null,
    user_id: event.userId ?? null,
    user_name: userName ?? null,
    ip: event.origin?.ip ?? null,
    user_agent: event.origin?.userAgent ?? null,
    details: event.details ?? {},
  };
}

/**
 * `onRecorded` runs after each write with the handle written through (log streams wake on it): an open
 * transaction's handle while the row is not yet committed.
 */
export function createAuditLog(store: StoreRepos, clock: Clock, random: Random, onRecorded: (through: StoreRepos) => void = () => {}): AuditLog {
  return {
    using: (other) => createAuditLog(other, clock, random, onRecorded),
    async record(event) {
      await store.logs.insert(await logRow(store, event, clock.now(), random));
      onRecorded(store);
    },
    async recordAll(events) {
      const now = clock.now();
      const rows: Omit<LogRow, 'seq'>[] = [];
      for (const event of events) rows.push(await logRow(store, event, now, random));
      await store.logs.insertAll(rows);
      onRecorded(store);
    },
  };
}
