
/** Factor names of the Management API (`/api/v2/guardian/factors/{name}`), https://auth0.com/docs/api/management/v2/guardian/put-factors-by-name. */
export const FACTOR_NAMES = [
  'push-notification',
  'sms',
  'email',
  'duo',
  'otp',
  'webauthn-roaming',
  'webauthn-platform',
  'recovery-code',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** Factors this server implements today; the rest are listed and always disabled. */
export const SUPPORTED_FACTORS: readonly FactorName[] = ['otp', 'recovery-code', 'push-notification', 'sms', 'email'];

export const MFA_POLICIES = ['all-applications', 'confidence-score'] as const;
export type MfaPolicy = (typeof MFA_POLICIES)[number];

export interface TenantRepo {
  exists(): Promise<boolean>;
  create(name: string, now: number): Promise<void>;
  name(): Promise<string>;
  policies(): Promise<MfaPolicy[]>;
  setPolicies(policies: MfaPolicy[]): Promise<void>;
  factors(): Promise<{ name: FactorName; enabled: boolean }[]>;
  isFactorEnabled(name: FactorName): Promise<boolean>;
  setFactor(name: FactorName, enabled: boolean): Promise<void>;
  pushSettings(): Promise<PushSettings>;
  setPushSettings(settings: Partial<PushSettings>): Promise<void>;
  guardianSettings(): Promise<GuardianSettings>;
  setGuardianSettings(settings: GuardianSettings): Promise<void>;
}

/** Auth0's `GET/PUT /api/v2/guardian/settings`: the Remember Me prompt and MFA session timeouts in seconds. */
export interface GuardianSettings {
  display_remember_me_checkbox: boolean;
  remember_me_default_value: boolean;
  mfa_session_inactivity_timeout: number;
  mfa_session_overall_timeout: number;
}

/** Tessera's push settings, beyond Auth0: number matching (on for new tenants) and locking after "not me". */
export interface PushSettings {
  number_matching: boolean;
  lock_on_reject: boolean;
}
