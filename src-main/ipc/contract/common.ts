// What every area of the IPC contract shares: the outcome every channel answers with, the error
// vocabulary the page branches on, and the change topics main sends. Imports nothing.

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

/**
 * Every channel answers with an outcome, never a thrown error: Electron would wrap a throw in
 * "Error invoking remote method …", and the page needs the kind to choose what to show.
 */
export type IpcOutcome<T> = { ok: true; value: T } | { ok: false; error: UserError };

export const UserErrorKind = {
  /** The OS keyring is locked, missing or unreachable: accounts exist but cannot be read. */
  keyringUnavailable: 'keyring_unavailable',
  /** The app is locked (idle, OS lock, or by hand): unlock first. */
  locked: 'locked',
  /** Input the user can correct (a bad URI, a short secret, a wrong backup password). */
  invalidInput: 'invalid_input',
  notFound: 'not_found',
  /** Admin console: no connection chosen, or its secret is missing from the keychain. */
  notConnected: 'not_connected',
  /** Admin console: the server refused the connection's client credentials. */
  unauthorized: 'unauthorized',
  /** Admin console: the client lacks a scope the operation needs. */
  forbidden: 'forbidden',
  /** Admin console: nothing answered at the connection's URL. */
  unreachable: 'unreachable',
  /** Admin console: the server is rate limiting. */
  rateLimited: 'rate_limited',
  /** Anything else; the message is safe to show and holds no secret. */
  failed: 'failed',
} as const;
export type UserErrorKind = (typeof UserErrorKind)[keyof typeof UserErrorKind];

export interface UserError {
  kind: UserErrorKind;
  message: string;
  /** For keyring_unavailable: the keyring's human name, e.g. "Secret Service keyring (login)". */
  keyring?: string;
}

export interface AppChannels {
  'app:getInfo': { args: []; result: AppInfo };
}

export const appMethods = { getAppInfo: 'app:getInfo' } as const;

/**
 * What main tells the page has changed, so the page asks again through the channels. A topic is all
 * that crosses: never a code, a secret or the changed data itself.
 */
export const ChangeTopic = {
  /** A login request arrived or left, or a push device's connection or enrollments changed. */
  push: 'push',
  /** Accounts were added, edited, removed, reordered, or an HOTP counter moved. */
  accounts: 'accounts',
  /** The embedded server's status, or the port it would start on. */
  server: 'server',
  /** The app locked or unlocked, or the passcode was set or removed. */
  lock: 'lock',
  /** A setting was saved (from any screen, or by main): screens that read settings ask settings:get again. */
  settings: 'settings',
  /** The admin console's connections were added, removed or switched. */
  admin: 'admin',
  /** Automatic backups: a setting, a run's result, or the reminder (a backup or an export made, or a snooze). */
  backup: 'backup',
} as const;
export type ChangeTopic = (typeof ChangeTopic)[keyof typeof ChangeTopic];
export type ChangeListener = (topic: ChangeTopic) => void;

/** The one main → page message (webContents.send to the main window); its only argument is a ChangeTopic. */
export const CHANGE_CHANNEL = 'app:changed';

/** The receiving side's check (the preloads): a message is forwarded only when it is a known topic. */
export function isChangeTopic(value: unknown): value is ChangeTopic {
  return typeof value === 'string' && (Object.values(ChangeTopic) as string[]).includes(value);
}
