/** Closed vocabularies of the authenticator, as `as const` objects with derived unions (STYLE: node-auth0). */
export const OtpKind = { totp: 'totp', hotp: 'hotp', steam: 'steam' } as const;
export type OtpKind = (typeof OtpKind)[keyof typeof OtpKind];

export const OtpAlgorithm = { sha1: 'SHA1', sha256: 'SHA256', sha512: 'SHA512' } as const;
export type OtpAlgorithm = (typeof OtpAlgorithm)[keyof typeof OtpAlgorithm];

/** How codes are made for an account; everything but the secret. */
export interface OtpParams {
  kind: OtpKind;
  algorithm: OtpAlgorithm;
  digits: number;
  /** Seconds per TOTP/Steam step; kept (30) for HOTP so a later change of kind has a sane value. */
  period: number;
  /** HOTP: the counter of the next code to hand out. Null for time-based kinds. */
  counter: number | null;
}

/** What the user arranges: shown in lists, never used to compute codes. */
export interface AccountAppearance {
  colour: string | null;
  icon: string | null;
  group: string | null;
  pinned: boolean;
}

/** An account as it leaves the vault: no secret, ever. */
export interface Account extends OtpParams, AccountAppearance {
  id: string;
  issuer: string;
  label: string;
  sortOrder: number;
  createdAt: string;
  /** How many times a code of this account was copied (for "most used" sorting). */
  useCount?: number;
  /** When a code was last copied (ISO 8601), or null. */
  lastUsedAt?: string | null;
}

/** An account in the trash: what the page lists to restore or purge it (no parameters, no secret). */
export interface TrashedAccount {
  id: string;
  issuer: string;
  label: string;
  /** ISO 8601 times: when it was removed, and when it is deleted for good. */
  removedAt: string;
  purgeAt: string;
}

/** A code as the UI and CLI see it. HOTP codes are handed out one by one and have no countdown. */
export type CodeView =
  | { id: string; kind: 'totp' | 'steam'; code: string; secondsLeft: number; period: number; next?: string }
  | { id: string; kind: 'hotp'; code: string; counter: number };

/** Editable fields of an account (`update`). */
export type AccountPatch = Partial<Pick<Account, 'issuer' | 'label' | 'colour' | 'icon' | 'group' | 'pinned'>>;

export interface ImportReport {
  added: Account[];
  /** Accounts the vault already held (same secret, kind, parameters, issuer and label). */
  skipped: number;
  /** Where the accounts came from, for messages: "otpauth list", "Aegis JSON", … */
  source: string;
}
