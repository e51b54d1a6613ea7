import type { FastifyReply } from 'fastify';
import type { RequestOrigin, Tessera } from '../context.js';
import type { CodeDelivery } from '../delivery/types.js';
import type { GrantContext } from '../grants/types.js';
import type { MfaSubject } from '../services/mfa-tokens.js';
import type { PushHub } from '../services/push-hub.js';
import type { TokenResponse } from '../services/token-issuer.js';
import type { AuthenticatorKind, AuthenticatorRow } from '../store/authenticators.js';
import type { OobCodeChannel } from '../store/oob-codes.js';
import type { FactorName } from '../store/tenant.js';

/** What a factor's enroll and challenge steps may use beyond the store: the push hub and the code carriers. */
export interface FactorContext {
  t: Tessera;
  pushHub: PushHub;
  /** The carrier for a channel as configured now (factors/delivery.ts); rejects with a DeliveryError when none is. */
  delivery(channel: OobCodeChannel): Promise<CodeDelivery>;
  origin: RequestOrigin;
  reply: FastifyReply;
}

/** Who is enrolling or being challenged: the resolved bearer (`mfa_token` or MFA-audience token). */
export interface FactorSubject {
  userId: string;
  clientId: string;
}

/** The `/mfa/associate` body fields a factor reads. */
export interface AssociateInput {
  channel: string | undefined;
  phone_number?: string | undefined;
  email?: string | undefined;
}

export type ChallengeAnswer =
  | { challenge_type: 'otp' }
  | { challenge_type: 'oob'; oob_code: string; binding_method?: 'prompt'; number_challenge?: string };

/** The mfa-oob grant's parameters. */
export interface OobParams {
  mfa_token: string;
  oob_code: string;
  binding_code?: string | undefined;
}

/**
 * One MFA factor (STYLE: MFA dispatches over a factor registry): the stored kinds it owns, how it enrolls
 * (`/mfa/associate`), how it is challenged (`/mfa/challenge`), how a grant verifies it (an oob_code of its
 * own through mfa-oob, a TOTP code through mfa-otp, a recovery code through mfa-recovery-code) and how its
 * authenticators read in `GET /mfa/authenticators`.
 */
export interface Factor {
  /** The Management API's factor name that turns it on (`/api/v2/guardian/factors/{name}`). */
  factor: FactorName;
  kinds: readonly AuthenticatorKind[];
  /** `/mfa/associate` selectors it answers: `otp`, or an oob channel (`auth0`, `sms`, `voice`, `email`). */
  associates: readonly string[];
  /** Refuses (throws) when the tenant does not offer this selector now; the registry already checked `factor`. */
  checkEnabled?(t: Tessera, selector: string): Promise<void>;
  associate?(ctx: FactorContext, subject: FactorSubject, input: AssociateInput): Promise<Record<string, unknown>>;
  challengeType?: 'otp' | 'oob';
  challenge?(ctx: FactorContext, subject: FactorSubject, row: AuthenticatorRow, named: boolean): Promise<ChallengeAnswer>;
  /** The grant's answer for an oob_code this factor issued; undefined when it issued no such code. */
  redeemOob?(ctx: GrantContext, subject: MfaSubject, params: OobParams, digest: string): Promise<TokenResponse | undefined>;
  /**
   * The mfa-otp grant's answer for a code from one of the user's authenticators of this factor;
   * `authenticators`: the user's stored ones when the grant already read them (else read here).
   */
  verifyOtp?(ctx: GrantContext, subject: MfaSubject, otp: string, authenticators?: AuthenticatorRow[]): Promise<TokenResponse>;
  /** The mfa-recovery-code grant's answer: the code spent, tokens plus the user's next code. */
  redeemRecoveryCode?(ctx: GrantContext, subject: MfaSubject, recoveryCode: string): Promise<TokenResponse>;
  view(row: AuthenticatorRow): Record<string, unknown>;
}
