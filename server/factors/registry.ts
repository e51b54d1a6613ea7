import type { AuthenticatorKind } from '../store/authenticators.js';
import { emailFactor } from './email-factor.js';
import { otpFactor, recoveryCodeFactor } from './otp-factor.js';
import { phoneFactor } from './phone-factor.js';
import { pushFactor } from './push-factor.js';
import type { Factor } from './types.js';

/**
 * Every factor, once (STYLE: `/mfa/associate`, `/mfa/challenge` and mfa-oob dispatch over this, as the
 * token endpoint does over grants/registry.ts). A new factor is one module added here.
 */
export const FACTORS: readonly Factor[] = [otpFactor, recoveryCodeFactor, pushFactor, phoneFactor, emailFactor];

const byKind = new Map<AuthenticatorKind, Factor>(FACTORS.flatMap((factor) => factor.kinds.map((kind) => [kind, factor] as const)));
const bySelector = new Map<string, Factor>(FACTORS.flatMap((factor) => factor.associates.map((selector) => [selector, factor] as const)));

/** The factor owning a stored authenticator kind. */
export function factorOfKind(kind: AuthenticatorKind): Factor {
  const factor = byKind.get(kind);
  if (!factor) throw new Error(`No factor owns the authenticator kind ${kind}`);
  return factor;
}

/** The factor `/mfa/associate` enrolls for `otp` or an oob channel (`auth0`, `sms`, `voice`, `email`). */
export const factorForAssociation = (selector: string): Factor | undefined => bySelector.get(selector);

/** The oob selectors, for the error naming them. */
export const OOB_SELECTORS = ['auth0', 'sms', 'voice', 'email'] as const;

/** The mfa-oob grant asks each of these, in turn, whether the oob_code is one of theirs. */
export const OOB_REDEEMERS = [...new Set(FACTORS.map((factor) => factor.redeemOob).filter((redeem) => redeem !== undefined))];

/** The verify steps a grant of its own calls: mfa-otp → `verifyOtp`, mfa-recovery-code → `redeemRecoveryCode`. */
export type GrantVerifyStep = 'verifyOtp' | 'redeemRecoveryCode';

/** The one factor offering `step`, found once when the grant module loads (two would be ambiguous). */
export function factorVerifying<S extends GrantVerifyStep>(step: S): Factor & Required<Pick<Factor, S>> {
  const [factor, ...others] = FACTORS.filter((candidate) => candidate[step] !== undefined);
  if (!factor || others.length > 0) throw new Error(`Exactly one factor must offer ${step}`);
  return factor as Factor & Required<Pick<Factor, S>>;
}
