// The one map of IPC channels shared by main, preload and renderer.
// Imports types only, from files that import nothing themselves, so the renderer's project can read it
// without pulling in Node or Electron. No type here carries a seed, a key or a token: what the page
// learns about a secret is that it exists.
import type { Account, AccountAppearance, AccountPatch, CodeView, ImportReport, OtpAlgorithm, OtpKind } from '../vault/types';
import { VaultExtraChannel, type VaultExtraContract } from './contract-vault-extra';

export type { Account, AccountAppearance, AccountPatch, CodeView, ImportReport, OtpAlgorithm, OtpKind };
export type { PaletteShortcutStatus, TrashedAccount } from './contract-vault-extra';
export type { PaletteApi, PaletteCopyResult, PaletteMatch, PaletteSearchResult } from './contract-palette';

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

/** What the authenticator looks like from the page: whether accounts can be read, and the lock. */
export type VaultStatus =
  | { state: 'ready'; accounts: number; passcodeSet: boolean }
  | { state: 'locked'; passcodeSet: true }
  | { state: 'keyring_unavailable'; keyring: string; message: string };

/** Manual entry: the only time a secret travels page → main (the user typed it there). Never back. */
export interface ManualAccountInput {
  issuer: string;
  label: string;
  /** Base32, spaces and lower case allowed. */
  secret: string;
  kind: OtpKind;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
  /** HOTP only: the counter of the first code. */
  counter?: number;
}

/** A live preview of manual entry: the code the input would give now, or why it is not valid yet. */
export type ManualPreview = { valid: true; code: string; secondsLeft: number | null } | { valid: false; message: string };

export interface CopyResult {
  /** The clipboard is cleared after this many seconds (if it still holds the code). */
  clearsAfterSeconds: number;
  /** HOTP only: the code copied, for the row to show (it is the one on show, or the next one taken for this copy). */
  hotp?: Extract<CodeView, { kind: 'hotp' }>;
}

export interface Settings {
  /** Show codes as •••••• until the user reveals one. */
  hideCodes: boolean;
  /** Lock after this many minutes without input; 0 = never. Only with a passcode. */
  idleLockMinutes: number;
  /** Also lock when the OS locks the screen or suspends. */
  lockOnOsLock: boolean;
  clipboardClearSeconds: number;
  /** Offer Touch ID on the lock screen (macOS with Touch ID only, and only with a passcode). */
  touchIdUnlock: boolean;
  /** The embedded server's loopback port. */
  serverPort: number;
  /** Start the embedded server with the app. */
  serverAutoStart: boolean;
  /** The global shortcut that opens the quick-search palette (an Electron accelerator). */
  paletteShortcut: string;
  /** Mark copied codes so clipboard history and cloud clipboard skip them, where the OS allows. */
  concealClipboard: boolean;
  /** Keep the app's windows out of screenshots and screen sharing (BrowserWindow.setContentProtection). */
  contentProtection: boolean;
}

/** Touch ID on this machine: `available` offers the setting, `enabled` shows the lock screen's button. */
export interface TouchIdStatus {
  available: boolean;
  /** Available, a passcode is set and the setting is on. */
  enabled: boolean;
}

/** A backup or export written by main to a file the user picked in a save dialog. */
export type SaveResult = { saved: true; path: string; accounts: number } | { saved: false };

export interface PushDeviceView {
  enrollmentId: string;
  userId: string;
  issuer: string;
  name: string;
  /** Where the device's stream goes, e.g. `http://127.0.0.1:3000/appliance-mfa/`. */
  baseUrl: string;
  enrolledAt: string;
  connection: 'connecting' | 'open' | 'retrying' | 'closed';
}

/** A login waiting for this device, with who is asking (what Auth0's Guardian does not show). */
export interface PushRequestView {
  transactionId: string;
  enrollmentId: string;
  issuer: string;
  userId: string;
  /** Who signs in, as the enrollment's QR code named them (an email or name); null when it did not. */
  accountLabel: string | null;
  clientName: string | null;
  ip: string | null;
  userAgent: string | null;
  requestedAt: string | null;
  /** Three 2-digit numbers to choose from, one shown on the login screen; null without number matching. */
  numberChoices: string[] | null;
  receivedAt: string;
  /** When the request lapses unanswered (for the card's countdown). */
  expiresAt: string;
}

/** Where push:enrollQr reads the push enrollment QR code; main decodes it, the page never sees its text. */
export const PushQrSourceKind = {
  /** PNG or JPEG bytes of a file the user picked. */
  image: 'image',
  clipboard: 'clipboard',
  /** Every display, captured in main. */
  screen: 'screen',
  /** An area the user drags on an overlay over each display (as vault:addQrRegion). */
  region: 'region',
} as const;
export type PushQrSourceKind = (typeof PushQrSourceKind)[keyof typeof PushQrSourceKind];
export type PushQrSource =
  | { kind: typeof PushQrSourceKind.image; bytes: Uint8Array }
  | { kind: Exclude<PushQrSourceKind, typeof PushQrSourceKind.image> };

export const PushDecision = { approve: 'approve', deny: 'deny', notMe: 'not_me' } as const;
export type PushDecision = (typeof PushDecision)[keyof typeof PushDecision];

export interface ServerStatus {
  state: 'stopped' | 'starting' | 'running' | 'failed';
  port: number;
  /** `http://127.0.0.1:PORT/` while running. */
  url: string | null;
  /** Why it failed (e.g. the port is taken); no secret. */
  message: string | null;
}

/**
 * What main tells the page has changed, so the page asks again through the channels below. A topic
 * is all that crosses: never a code, a secret or the changed data itself.
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
} as const;
export type ChangeTopic = (typeof ChangeTopic)[keyof typeof ChangeTopic];
export type ChangeListener = (topic: ChangeTopic) => void;

/** The one main → page message (webContents.send to the main window); its only argument is a ChangeTopic. */
export const CHANGE_CHANNEL = 'app:changed';

/** The receiving side's check (the preloads): a message is forwarded only when it is a known topic. */
export function isChangeTopic(value: unknown): value is ChangeTopic {
  return typeof value === 'string' && (Object.values(ChangeTopic) as string[]).includes(value);
}

export interface IpcContract extends VaultExtraContract {
  'app:getInfo': { args: []; result: AppInfo };

  'vault:status': { args: []; result: VaultStatus };
  'vault:list': { args: []; result: IpcOutcome<Account[]> };
  /** Codes of the time-based accounts now, with seconds left. */
  'vault:codes': { args: []; result: IpcOutcome<CodeView[]> };
  /** HOTP: hands out the next code and advances the counter once (stored atomically); it is then the code on show. */
  'vault:nextHotp': { args: [id: string]; result: IpcOutcome<CodeView> };
  'vault:addUri': { args: [uri: string]; result: IpcOutcome<ImportReport> };
  'vault:addManual': { args: [input: ManualAccountInput]; result: IpcOutcome<Account> };
  'vault:previewManual': { args: [input: ManualAccountInput]; result: ManualPreview };
  /** A QR image (PNG or JPEG bytes the user picked or dropped), decoded in main. */
  'vault:addQrImage': { args: [bytes: Uint8Array]; result: IpcOutcome<ImportReport> };
  'vault:addQrClipboard': { args: []; result: IpcOutcome<ImportReport> };
  /** Captures the screens in main and adds every otpauth QR code found on them. */
  'vault:addQrScreen': { args: []; result: IpcOutcome<ImportReport> };
  /**
   * Captures the screens in main, then lets the user drag an area on an overlay over each display and
   * adds the QR code inside it; null when the user cancelled. The page never receives a screen image.
   */
  'vault:addQrRegion': { args: []; result: IpcOutcome<ImportReport | null> };
  'vault:update': { args: [id: string, patch: AccountPatch]; result: IpcOutcome<Account> };
  /** Moves the account to the trash (vault:trash), restorable for 30 days. */
  'vault:remove': { args: [id: string]; result: IpcOutcome<null> };
  'vault:reorder': { args: [ids: string[]]; result: IpcOutcome<null> };
  /**
   * Copies the account's current code in main; the page never needs clipboard access. HOTP: the code on
   * show (from vault:nextHotp or an earlier copy) without advancing; with none on show, the next one.
   */
  'vault:copyCode': { args: [id: string]; result: IpcOutcome<CopyResult> };
  'vault:exportEncrypted': { args: [password: string]; result: IpcOutcome<SaveResult> };
  'vault:exportPlain': { args: []; result: IpcOutcome<SaveResult> };
  /** Opens a file dialog in main; a password for encrypted Tessera backups. */
  'vault:importFile': { args: [password: string | null]; result: IpcOutcome<ImportReport | null> };
  'vault:importText': { args: [text: string, password: string | null]; result: IpcOutcome<ImportReport> };

  'lock:lock': { args: []; result: IpcOutcome<null> };
  'lock:unlock': { args: [passcode: string]; result: IpcOutcome<null> };
  /** Sets or changes the passcode; `current` is required when one is set. Null `next` removes it. */
  'lock:setPasscode': { args: [current: string | null, next: string | null]; result: IpcOutcome<null> };
  /** The page reports user input so main can run the idle timer. */
  'lock:activity': { args: []; result: null };
  'lock:touchIdStatus': { args: []; result: TouchIdStatus };
  /** Main asks the OS for Touch ID and unlocks on success; refused unless enabled (see TouchIdStatus). */
  'lock:unlockTouchId': { args: []; result: IpcOutcome<null> };

  'settings:get': { args: []; result: Settings };
  'settings:update': { args: [patch: Partial<Settings>]; result: IpcOutcome<Settings> };

  'push:devices': { args: []; result: IpcOutcome<PushDeviceView[]> };
  'push:enroll': { args: [barcodeUri: string, name: string]; result: IpcOutcome<PushDeviceView> };
  /**
   * Enrolls as push:enroll does with the push enrollment QR code found in `source`, decoded in main (it
   * carries an enrollment transaction or ticket); null when the user cancelled a screen-area selection.
   */
  'push:enrollQr': { args: [source: PushQrSource, name: string]; result: IpcOutcome<PushDeviceView | null> };
  'push:remove': { args: [enrollmentId: string]; result: IpcOutcome<null> };
  'push:pending': { args: []; result: IpcOutcome<PushRequestView[]> };
  /** `number` is the user's pick of the three (required when numberChoices is not null). */
  'push:resolve': { args: [transactionId: string, decision: PushDecision, number: string | null]; result: IpcOutcome<null> };

  'server:status': { args: []; result: ServerStatus };
  'server:start': { args: []; result: ServerStatus };
  'server:stop': { args: []; result: ServerStatus };
}

export type IpcChannelName = keyof IpcContract;
export type IpcArgs<C extends IpcChannelName> = IpcContract[C]['args'];
export type IpcResult<C extends IpcChannelName> = IpcContract[C]['result'];

// Channel names as values, so main and preload never spell a channel by hand. The key is the name of
// the preload function.
export const IpcChannel = {
  getAppInfo: 'app:getInfo',
  vaultStatus: 'vault:status',
  listAccounts: 'vault:list',
  codes: 'vault:codes',
  nextHotp: 'vault:nextHotp',
  addUri: 'vault:addUri',
  addManual: 'vault:addManual',
  previewManual: 'vault:previewManual',
  addQrImage: 'vault:addQrImage',
  addQrClipboard: 'vault:addQrClipboard',
  addQrScreen: 'vault:addQrScreen',
  addQrRegion: 'vault:addQrRegion',
  updateAccount: 'vault:update',
  removeAccount: 'vault:remove',
  reorderAccounts: 'vault:reorder',
  copyCode: 'vault:copyCode',
  exportEncrypted: 'vault:exportEncrypted',
  exportPlain: 'vault:exportPlain',
  importFile: 'vault:importFile',
  importText: 'vault:importText',
  lock: 'lock:lock',
  unlock: 'lock:unlock',
  setPasscode: 'lock:setPasscode',
  reportActivity: 'lock:activity',
  touchIdStatus: 'lock:touchIdStatus',
  unlockWithTouchId: 'lock:unlockTouchId',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  pushDevices: 'push:devices',
  enrollPush: 'push:enroll',
  enrollPushQr: 'push:enrollQr',
  removePush: 'push:remove',
  pendingPush: 'push:pending',
  resolvePush: 'push:resolve',
  serverStatus: 'server:status',
  startServer: 'server:start',
  stopServer: 'server:stop',
  ...VaultExtraChannel,
} as const satisfies Record<string, IpcChannelName>;

export type IpcMethodName = keyof typeof IpcChannel;
/** Never, unless a channel of the map has no preload function (then `CHANNELS_COMPLETE` fails to compile). */
type UnexposedChannel = Exclude<IpcChannelName, (typeof IpcChannel)[IpcMethodName]>;
export const CHANNELS_COMPLETE: [UnexposedChannel] extends [never] ? true : UnexposedChannel = true;

// What the preload exposes as `window.tessera`: one named function per channel, each typed from the map,
// and `onChange`, the one way to hear from main.
export type TesseraApi = {
  [M in IpcMethodName]: (...args: IpcArgs<(typeof IpcChannel)[M]>) => Promise<IpcResult<(typeof IpcChannel)[M]>>;
} & {
  /** Calls `listener` with the topic of each change main reports; returns the function that stops it. */
  onChange(listener: ChangeListener): () => void;
};
/** Never, unless a channel's function name would shadow `onChange`. */
export const ON_CHANGE_IS_FREE: 'onChange' extends IpcMethodName ? never : true = true;

// The screen-area overlay (src-renderer/overlay.html) is a separate page with its own preload
// (src-main/preload/overlay.ts). Its two channels are served by each overlay's own webContents, never
// by ipcMain, so neither the main window nor any other page can reach them.

/** A rectangle in CSS px from the overlay page's top-left corner (main maps it to the display's pixels). */
export interface ScreenRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Either side smaller than this (DIP) is a click, not a selection: no readable QR code fits in it. */
export const MIN_REGION_SIZE_DIP = 16;

export interface RegionOverlayChannels {
  submitRegion: 'region:submit';
  cancel: 'region:cancel';
}

/**
 * What the overlay's preload exposes as `window.tesseraRegion`. Main answers a submit with whether it
 * took the area (false: not a valid area, or the selection is already over); the page learns nothing else.
 */
export interface RegionOverlayApi {
  submitRegion(region: ScreenRegion): Promise<boolean>;
  cancel(): Promise<void>;
}
