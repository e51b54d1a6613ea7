import type { EmailSettingsPatch, EmailSettingsView, EmailTestRequest, EmailTestResult } from './email-types';
import type { PhoneSettingsPatch, PhoneSettingsView, PhoneTestRequest, PhoneTestResult } from './phone-types';

export * from './email-types';
export * from './phone-types';

// The admin console's domain: what the main-process admin service (service.ts) answers, what the
// `admin:*` IPC channels carry to the page and what `tessera admin` prints. Imports nothing, so the
// renderer's project can read it type-only. No type here carries a token, a client secret or a
// password; the only secrets that ever leave main are the ones an admin asked to see once (a new
// recovery code, a ticket URL, a new client secret), each in its own result type.

/** Why an admin operation failed, in words an admin can act on. `message` never holds a secret. */
export const AdminErrorKind = {
  /** No connection chosen, or the chosen one has no secret in the keychain. */
  notConnected: 'not_connected',
  /** The server refused the client's credentials (wrong secret, deleted or rotated client). */
  unauthorized: 'unauthorized',
  /** The credentials are good but the client lacks a scope the operation needs. */
  forbidden: 'forbidden',
  /** Nothing answered at the base URL (DNS, refused, timeout, TLS). */
  unreachable: 'unreachable',
  notFound: 'not_found',
  /** Input the admin can correct (a bad query, a bad URL, a typed email that does not match). */
  invalidInput: 'invalid_input',
  /** The server is rate limiting (429). */
  rateLimited: 'rate_limited',
  failed: 'failed',
} as const;
export type AdminErrorKind = (typeof AdminErrorKind)[keyof typeof AdminErrorKind];

export class AdminError extends Error {
  constructor(
    readonly kind: AdminErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

// ---- Connections ------------------------------------------------------------------------------

export const ConnectionKind = {
  /** The app's embedded server, with the admin client it created on first start: nothing to type. */
  embedded: 'embedded',
  /** A saved base URL + client id; the client secret is one keychain item per connection. */
  remote: 'remote',
} as const;
export type ConnectionKind = (typeof ConnectionKind)[keyof typeof ConnectionKind];

export const EMBEDDED_CONNECTION_ID = 'this-computer';

export interface AdminConnectionView {
  id: string;
  kind: ConnectionKind;
  /** "This computer", or what the admin named it (defaults to the URL's host). */
  label: string;
  /** `http://127.0.0.1:3000/` or `https://tenant.eu.auth0.com/`; always ends with `/`. */
  baseUrl: string;
  clientId: string | null;
  /** `{issuer}api/v2/` as read from the server's `/.well-known/openid-configuration`; null until first used. */
  audience: string | null;
  /** The keychain holds this connection's client secret (always true for the embedded connection once it has started). */
  secretStored: boolean;
  active: boolean;
}

export interface RemoteConnectionInput {
  baseUrl: string;
  clientId: string;
  /** Crosses page → main once, when the admin types it; checked by getting a token, then kept only in the keychain. */
  clientSecret: string;
  label?: string;
}

// ---- Users and authenticators -----------------------------------------------------------------

/** Kinds of authenticator as the console groups them (Auth0's enrollment and authentication-method types). */
export const AuthenticatorKind = {
  otp: 'otp',
  push: 'push',
  sms: 'sms',
  voice: 'voice',
  email: 'email',
  recoveryCode: 'recovery-code',
  webauthn: 'webauthn',
  other: 'other',
} as const;
export type AuthenticatorKind = (typeof AuthenticatorKind)[keyof typeof AuthenticatorKind];

export const UserFilter = { all: 'all', enrolled: 'enrolled', notEnrolled: 'not_enrolled', pushLocked: 'push_locked' } as const;
export type UserFilter = (typeof UserFilter)[keyof typeof UserFilter];

export interface UserQuery {
  /** Free text (email, name or user id) or an Auth0 `q` term such as `email:ada*`; empty lists everyone. */
  search: string;
  filter: UserFilter;
  /** 0-based, as Auth0's `page`. */
  page: number;
  perPage: number;
}

export interface AdminUserSummary {
  userId: string;
  email: string | null;
  name: string | null;
  /** Kinds of confirmed authenticators, without recovery codes; empty = "none". */
  mfa: AuthenticatorKind[];
  pushLocked: boolean;
  blocked: boolean;
  lastLogin: string | null;
  createdAt: string | null;
}

export interface UserPage {
  users: AdminUserSummary[];
  page: number;
  perPage: number;
  total: number;
}

export interface AdminAuthenticator {
  /** The id to delete it by: an enrollment id, or an authentication method id. */
  id: string;
  kind: AuthenticatorKind;
  /** Name, device name, phone number or email. */
  name: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  confirmed: boolean;
  /**
   * Ids that are removed with this one (push and its OTP, SMS and voice): the page warns before the
   * delete. Empty when it goes alone.
   */
  removedWith: { id: string; kind: AuthenticatorKind }[];
}

export interface AdminUserDetail extends AdminUserSummary {
  nickname: string | null;
  picture: string | null;
  emailVerified: boolean;
  loginsCount: number;
  authenticators: AdminAuthenticator[];
}

// ---- One-time secrets an admin asked for ------------------------------------------------------

/** Shown once; the page copies it through main (clipboard auto-clear) and forgets it. */
export interface RecoveryCodeResult {
  recoveryCode: string;
}

export const TicketFactor = { otp: 'otp', push: 'push-notification' } as const;
export type TicketFactor = (typeof TicketFactor)[keyof typeof TicketFactor];

export interface TicketRequest {
  userId: string;
  /** Omitted: the person chooses on the enrollment page. */
  factor?: TicketFactor;
  /** Email the link (the server needs SMTP configured; otherwise an `invalid_input` error says so). */
  sendMail: boolean;
}

export interface TicketResult {
  ticketId: string;
  ticketUrl: string;
  mailed: boolean;
}

// ---- Factors and policies ---------------------------------------------------------------------

export interface FactorView {
  /** Auth0's factor names: `push-notification`, `otp`, `sms`, `email`, `duo`, `webauthn-roaming`, … */
  name: string;
  enabled: boolean;
  /** Tessera can serve it (others show as unavailable, never as a switch that does nothing). */
  supported: boolean;
}

export const MfaPolicy = { never: 'never', allApplications: 'all-applications' } as const;
export type MfaPolicy = (typeof MfaPolicy)[keyof typeof MfaPolicy];

export interface PushSettingsView {
  numberMatching: boolean;
  /** "This wasn't me" locks the user's push factor until an admin unlocks it. */
  lockOnReject: boolean;
}

export interface GuardianSettingsView {
  factors: FactorView[];
  policy: MfaPolicy;
  /** Null when the server has no push settings (a real Auth0 tenant). */
  push: PushSettingsView | null;
}

// ---- Audit log --------------------------------------------------------------------------------

export interface LogQuery {
  /** Auth0 event codes, e.g. `gd_unenroll`; empty = all. */
  types: string[];
  userId?: string;
  /** ISO dates, inclusive. */
  from?: string;
  to?: string;
  page: number;
  perPage: number;
}

export interface LogEventView {
  logId: string;
  date: string;
  type: string;
  /** Auth0's words for the type, e.g. "Guardian - Unenroll". */
  typeLabel: string;
  description: string | null;
  userId: string | null;
  userName: string | null;
  clientId: string | null;
  clientName: string | null;
  ip: string | null;
  /** The event's `details` as the server sent it (never a secret: the server writes none). */
  details: Record<string, unknown> | null;
}

export interface LogPage {
  events: LogEventView[];
  page: number;
  perPage: number;
  total: number;
}

/** Live tail: events after checkpoint `from` (a log_id), oldest first, at most `take` (Auth0's checkpoint paging). */
export interface LogTailRequest {
  from: string | null;
  take: number;
}

export interface LogTail {
  events: LogEventView[];
  /** Pass as the next `from`. */
  checkpoint: string | null;
}

export const ExportFormat = { json: 'json', csv: 'csv' } as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

// ---- Bulk reset -------------------------------------------------------------------------------

export type BulkSelection = { userIds: string[] } | { query: string };

export interface BulkResetEntry {
  userId: string;
  email: string | null;
  authenticators: { id: string; kind: AuthenticatorKind }[];
}

export interface BulkResetPreview {
  entries: BulkResetEntry[];
  /** Authenticators that would be removed in all. */
  authenticators: number;
}

export interface BulkResetProgress {
  jobId: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  total: number;
  processed: number;
  authenticatorsRemoved: number;
  /** Filled when completed. */
  entries: BulkResetEntry[];
}

// ---- Applications -----------------------------------------------------------------------------

export const ApplicationPreset = {
  /** A regular web app that signs people in with a password and MFA (password, mfa-otp, mfa-oob, mfa-recovery-code, refresh). */
  passwordMfa: 'password_mfa',
  /** A machine-to-machine client for the Management API (client_credentials). */
  machineToMachine: 'm2m',
} as const;
export type ApplicationPreset = (typeof ApplicationPreset)[keyof typeof ApplicationPreset];

export interface ApplicationView {
  clientId: string;
  name: string;
  appType: string | null;
  grantTypes: string[];
  /** The console's own admin client: deleting or rotating it is refused. */
  isConsoleClient: boolean;
}

export interface ApplicationInput {
  name: string;
  preset: ApplicationPreset;
}

/** The secret is shown once, then only its existence is known. */
export interface ApplicationWithSecret {
  application: ApplicationView;
  clientSecret: string;
}

// ---- Log streams and alerts -------------------------------------------------------------------

export const LogStreamStatus = { active: 'active', paused: 'paused', suspended: 'suspended' } as const;
export type LogStreamStatus = (typeof LogStreamStatus)[keyof typeof LogStreamStatus];

/** Auth0's `httpContentFormat`: an array per POST, one event per line, or one event per POST. */
export const LogStreamFormat = { jsonArray: 'JSONARRAY', jsonLines: 'JSONLINES', jsonObject: 'JSONOBJECT' } as const;
export type LogStreamFormat = (typeof LogStreamFormat)[keyof typeof LogStreamFormat];

/** An HTTP log stream. Its authorization header is write-only: never read back, never shown. */
export interface LogStreamView {
  id: string;
  name: string;
  /** `suspended`: the server gave up after failing deliveries for days; resuming restarts from its cursor. */
  status: LogStreamStatus;
  endpoint: string;
  format: LogStreamFormat;
  contentType: string;
  /** The last failed delivery in the server's words (Tessera's `tessera_last_error`); absent once one succeeds. */
  lastError?: { at: string; message: string };
}

/** A test event sent now: accepted by the receiver, or why not ("HTTP 500 from the endpoint"). */
export type LogStreamTestResult = { delivered: true } | { delivered: false; message: string };

export interface LogStreamInput {
  name: string;
  endpoint: string;
  /** Sent as the `Authorization` header; crosses page → main only when typed. Empty or absent: none. */
  authorization?: string;
  format: LogStreamFormat;
}

export interface LogStreamPatch {
  /** The admin pauses or resumes; `suspended` is the server's to set. */
  status?: 'active' | 'paused';
  endpoint?: string;
  /** Replaces the header; an empty string removes it. */
  authorization?: string;
  format?: LogStreamFormat;
}

export const AlertType = { massMfaReset: 'mass_mfa_reset', pushFatigue: 'push_fatigue' } as const;
export type AlertType = (typeof AlertType)[keyof typeof AlertType];

/** A `mass_mfa_reset` or `push_fatigue` event of the audit log, with its details read out. */
export interface AlertView {
  logId: string;
  date: string;
  type: AlertType;
  /** Resets, or denied pushes, counted in the window. */
  count: number;
  windowSeconds: number;
  /** push_fatigue: the user pushed. */
  userId: string | null;
  userName: string | null;
  /** mass_mfa_reset: the Management client whose resets crossed the threshold. */
  clientId: string | null;
  clientName: string | null;
  /** push_fatigue: the user's push factor was locked. */
  pushLocked: boolean;
}

// ---- The developer outbox ---------------------------------------------------------------------

/**
 * A one-time-code message a Tessera server kept in its developer outbox instead of sending (the embedded
 * server always does; `npm run server` with TESSERA_DELIVERY=outbox). The code is the point: an admin
 * looking at their outbox is looking for it, so it crosses to the page, unlike any other secret.
 */
export interface OutboxMessageView {
  id: string;
  createdAt: string;
  channel: 'sms' | 'voice' | 'email';
  /** Masked (`+XXXXXXX0123`, `a***@example.com`) unless asked for in full. */
  recipient: string;
  /** Email only. */
  subject: string | null;
  message: string;
  code: string;
}

/** `from: null`: the newest `take`, newest first. An id: up to `take` kept after it, oldest first. */
export interface OutboxRequest {
  from: string | null;
  take: number;
  showRecipient?: boolean;
}

/** The server keeps no outbox (Auth0, or a Tessera that sends its codes): `reason` says so for the admin. */
export type OutboxPage = { available: true; messages: OutboxMessageView[] } | { available: false; reason: string };

// ---- The service ------------------------------------------------------------------------------

/**
 * Everything the console and `tessera admin` do, in main, through auth0@7's ManagementClient. Every
 * method rejects with `AdminError` only.
 */
export interface AdminApi {
  connections(): Promise<AdminConnectionView[]>;
  /** Checks the secret by getting a token, then saves the connection (secret in the keychain) and makes it active. */
  addRemoteConnection(input: RemoteConnectionInput): Promise<AdminConnectionView>;
  removeConnection(id: string): Promise<void>;
  /** The embedded connection starts the embedded server if it is not running. */
  useConnection(id: string): Promise<AdminConnectionView>;

  listUsers(query: UserQuery): Promise<UserPage>;
  /** By user id, or by email (exact, through users-by-email). */
  getUser(idOrEmail: string): Promise<AdminUserDetail>;
  removeAuthenticator(userId: string, authenticatorId: string): Promise<void>;
  /** Removes every authenticator. `confirmEmail` must equal the user's email (or user id when it has none). */
  resetMfa(userId: string, confirmEmail: string): Promise<void>;
  regenerateRecoveryCode(userId: string): Promise<RecoveryCodeResult>;
  createTicket(request: TicketRequest): Promise<TicketResult>;
  unlockPush(userId: string): Promise<void>;
  forgetBrowsers(userId: string): Promise<void>;
  userLogs(userId: string, take: number): Promise<LogEventView[]>;

  guardianSettings(): Promise<GuardianSettingsView>;
  setFactor(name: string, enabled: boolean): Promise<FactorView>;
  setPolicy(policy: MfaPolicy): Promise<MfaPolicy>;
  setPushSettings(patch: Partial<PushSettingsView>): Promise<PushSettingsView>;
  /** The phone factor's message types, provider, Twilio and webhook settings and templates. */
  phoneSettings(): Promise<PhoneSettingsView>;
  /** Saves one part of them; secrets are write-only (the answer says only whether one is set). */
  setPhoneSettings(patch: PhoneSettingsPatch): Promise<PhoneSettingsView>;
  /** Tessera's POST /api/v2/guardian/factors/phone/test-message, through the provider configured now. */
  sendPhoneTest(request: PhoneTestRequest): Promise<PhoneTestResult>;
  /** The email factor's switch and its `mfa_oob_code` template (the server's defaults when it has none). */
  emailSettings(): Promise<EmailSettingsView>;
  /** Switches the factor, or saves the template (created when missing, and switched on). */
  setEmailSettings(patch: EmailSettingsPatch): Promise<EmailSettingsView>;
  /** Tessera's POST /api/v2/guardian/factors/email/test-message, through the server's SMTP or outbox. */
  sendEmailTest(request: EmailTestRequest): Promise<EmailTestResult>;

  logs(query: LogQuery): Promise<LogPage>;
  tailLogs(request: LogTailRequest): Promise<LogTail>;
  /** Every event matching the query (all pages), serialised. */
  exportLogs(query: Omit<LogQuery, 'page' | 'perPage'>, format: ExportFormat): Promise<string>;

  previewBulkReset(selection: BulkSelection): Promise<BulkResetPreview>;
  startBulkReset(selection: BulkSelection): Promise<BulkResetProgress>;
  bulkResetProgress(jobId: string): Promise<BulkResetProgress>;

  applications(): Promise<ApplicationView[]>;
  createApplication(input: ApplicationInput): Promise<ApplicationWithSecret>;
  rotateApplicationSecret(clientId: string): Promise<ApplicationWithSecret>;
  deleteApplication(clientId: string): Promise<void>;

  logStreams(): Promise<LogStreamView[]>;
  createLogStream(input: LogStreamInput): Promise<LogStreamView>;
  updateLogStream(id: string, patch: LogStreamPatch): Promise<LogStreamView>;
  deleteLogStream(id: string): Promise<void>;
  /** Tessera's POST /api/v2/log-streams/{id}/test: one test event, delivered synchronously. */
  testLogStream(id: string): Promise<LogStreamTestResult>;
  /** The newest `mass_mfa_reset` and `push_fatigue` events of the last 24 hours, newest first. */
  recentAlerts(): Promise<AlertView[]>;
  /** Tessera's GET /api/v2/outbox: the messages its developer outbox kept. */
  outbox(request: OutboxRequest): Promise<OutboxPage>;
}
