// The admin console's channels: one per method of the main-process admin service (AdminApi), named
// `admin:<method>`, plus copying a one-time secret and saving an audit-log export. Tokens and client
// secrets stay in main; the only secrets that reach the page are those an admin asked to see once.
import type { AdminApi, ExportFormat, LogQuery } from '../../desktop/admin/types';
import type { IpcOutcome } from './common';

export * from '../../desktop/admin/types';

/** The audit-log filter an export covers: every page of it. */
export type LogExportQuery = Omit<LogQuery, 'page' | 'perPage'>;

/** An audit-log export written by main to the file the admin picked. */
export type ExportSaveResult = { saved: true; path: string } | { saved: false };

/** How long the copied secret stays on the clipboard (the user's clipboard setting). */
export interface SecretCopyResult {
  clearsAfterSeconds: number;
}

/** A service method as a channel: the same arguments, its answer as an outcome (`null` for none). */
type ServiceChannel<M extends keyof AdminApi> = {
  args: Parameters<AdminApi[M]>;
  result: IpcOutcome<Awaited<ReturnType<AdminApi[M]>> extends void ? null : Awaited<ReturnType<AdminApi[M]>>>;
};

export interface AdminChannels {
  'admin:connections': ServiceChannel<'connections'>;
  /** The secret crosses page → main once, here; it is checked by getting a token, then kept in the keychain. */
  'admin:addRemoteConnection': ServiceChannel<'addRemoteConnection'>;
  'admin:removeConnection': ServiceChannel<'removeConnection'>;
  'admin:useConnection': ServiceChannel<'useConnection'>;
  'admin:listUsers': ServiceChannel<'listUsers'>;
  'admin:getUser': ServiceChannel<'getUser'>;
  'admin:removeAuthenticator': ServiceChannel<'removeAuthenticator'>;
  'admin:resetMfa': ServiceChannel<'resetMfa'>;
  /** Shown once on the page, which copies it through admin:copySecret and forgets it. */
  'admin:regenerateRecoveryCode': ServiceChannel<'regenerateRecoveryCode'>;
  'admin:createTicket': ServiceChannel<'createTicket'>;
  'admin:unlockPush': ServiceChannel<'unlockPush'>;
  'admin:forgetBrowsers': ServiceChannel<'forgetBrowsers'>;
  'admin:userLogs': ServiceChannel<'userLogs'>;
  'admin:guardianSettings': ServiceChannel<'guardianSettings'>;
  'admin:setFactor': ServiceChannel<'setFactor'>;
  'admin:setPolicy': ServiceChannel<'setPolicy'>;
  'admin:setPushSettings': ServiceChannel<'setPushSettings'>;
  'admin:phoneSettings': ServiceChannel<'phoneSettings'>;
  /** Twilio's auth token and the webhook secret cross page → main here, when typed; they are never returned. */
  'admin:setPhoneSettings': ServiceChannel<'setPhoneSettings'>;
  'admin:sendPhoneTest': ServiceChannel<'sendPhoneTest'>;
  'admin:emailSettings': ServiceChannel<'emailSettings'>;
  'admin:setEmailSettings': ServiceChannel<'setEmailSettings'>;
  'admin:sendEmailTest': ServiceChannel<'sendEmailTest'>;
  'admin:logs': ServiceChannel<'logs'>;
  'admin:tailLogs': ServiceChannel<'tailLogs'>;
  'admin:exportLogs': ServiceChannel<'exportLogs'>;
  'admin:previewBulkReset': ServiceChannel<'previewBulkReset'>;
  'admin:startBulkReset': ServiceChannel<'startBulkReset'>;
  'admin:bulkResetProgress': ServiceChannel<'bulkResetProgress'>;
  'admin:applications': ServiceChannel<'applications'>;
  /** The new client secret is shown once. */
  'admin:createApplication': ServiceChannel<'createApplication'>;
  'admin:rotateApplicationSecret': ServiceChannel<'rotateApplicationSecret'>;
  'admin:deleteApplication': ServiceChannel<'deleteApplication'>;
  'admin:logStreams': ServiceChannel<'logStreams'>;
  /** The authorization header crosses page → main only here and in updateLogStream, when typed; it is never returned. */
  'admin:createLogStream': ServiceChannel<'createLogStream'>;
  'admin:updateLogStream': ServiceChannel<'updateLogStream'>;
  'admin:deleteLogStream': ServiceChannel<'deleteLogStream'>;
  'admin:testLogStream': ServiceChannel<'testLogStream'>;
  'admin:recentAlerts': ServiceChannel<'recentAlerts'>;
  /** The outbox's codes reach the page: showing them is the screen's whole purpose (OutboxMessageView). */
  'admin:outbox': ServiceChannel<'outbox'>;
  /** Copies a secret the page was shown once (recovery code, ticket link, client secret) through main's clipboard, cleared after the user's setting. */
  'admin:copySecret': { args: [text: string]; result: IpcOutcome<SecretCopyResult> };
  /** Main asks where to save (a save dialog) and writes every event matching the query. */
  'admin:saveExport': { args: [query: LogExportQuery, format: ExportFormat]; result: IpcOutcome<ExportSaveResult> };
}

/** Never, unless a method of AdminApi has no channel (then ADMIN_API_COVERED fails to compile). */
type UncoveredMethod = Exclude<keyof AdminApi, AdminChannelMethod<keyof AdminChannels>>;
type AdminChannelMethod<C> = C extends `admin:${infer M}` ? M : never;
export const ADMIN_API_COVERED: [UncoveredMethod] extends [never] ? true : UncoveredMethod = true;

export const adminMethods = {
  adminConnections: 'admin:connections',
  adminAddRemoteConnection: 'admin:addRemoteConnection',
  adminRemoveConnection: 'admin:removeConnection',
  adminUseConnection: 'admin:useConnection',
  adminListUsers: 'admin:listUsers',
  adminGetUser: 'admin:getUser',
  adminRemoveAuthenticator: 'admin:removeAuthenticator',
  adminResetMfa: 'admin:resetMfa',
  adminRegenerateRecoveryCode: 'admin:regenerateRecoveryCode',
  adminCreateTicket: 'admin:createTicket',
  adminUnlockPush: 'admin:unlockPush',
  adminForgetBrowsers: 'admin:forgetBrowsers',
  adminUserLogs: 'admin:userLogs',
  adminGuardianSettings: 'admin:guardianSettings',
  adminSetFactor: 'admin:setFactor',
  adminSetPolicy: 'admin:setPolicy',
  adminSetPushSettings: 'admin:setPushSettings',
  adminPhoneSettings: 'admin:phoneSettings',
  adminSetPhoneSettings: 'admin:setPhoneSettings',
  adminSendPhoneTest: 'admin:sendPhoneTest',
  adminEmailSettings: 'admin:emailSettings',
  adminSetEmailSettings: 'admin:setEmailSettings',
  adminSendEmailTest: 'admin:sendEmailTest',
  adminLogs: 'admin:logs',
  adminTailLogs: 'admin:tailLogs',
  adminExportLogs: 'admin:exportLogs',
  adminPreviewBulkReset: 'admin:previewBulkReset',
  adminStartBulkReset: 'admin:startBulkReset',
  adminBulkResetProgress: 'admin:bulkResetProgress',
  adminApplications: 'admin:applications',
  adminCreateApplication: 'admin:createApplication',
  adminRotateApplicationSecret: 'admin:rotateApplicationSecret',
  adminDeleteApplication: 'admin:deleteApplication',
  adminLogStreams: 'admin:logStreams',
  adminCreateLogStream: 'admin:createLogStream',
  adminUpdateLogStream: 'admin:updateLogStream',
  adminDeleteLogStream: 'admin:deleteLogStream',
  adminTestLogStream: 'admin:testLogStream',
  adminRecentAlerts: 'admin:recentAlerts',
  adminOutbox: 'admin:outbox',
  adminCopySecret: 'admin:copySecret',
  adminSaveExport: 'admin:saveExport',
} as const satisfies Record<string, keyof AdminChannels>;
