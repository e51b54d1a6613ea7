// The authenticator's channels: accounts, codes, QR imports, backups. No type here carries a seed:
// what the page learns about a secret is that it exists.
import type { Account, AccountAppearance, AccountPatch, CodeView, ImportReport, OtpAlgorithm, OtpKind } from '../../vault/types';
import type { IpcOutcome } from './common';

export type { Account, AccountAppearance, AccountPatch, CodeView, ImportReport, OtpAlgorithm, OtpKind };

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

/** A backup or export written by main to a file the user picked in a save dialog. */
export type SaveResult = { saved: true; path: string; accounts: number } | { saved: false };

export interface VaultChannels {
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
}

export const vaultMethods = {
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
} as const satisfies Record<string, keyof VaultChannels>;
