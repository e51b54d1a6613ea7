import { SignJWT, type CryptoKey } from 'jose';
import { GuardianPath, guardianUrl } from './base-url';
import { DEVICE_KEY_ALG } from './device-key';
import type { DeviceAccount } from './types';

// Guardian.swift `reponseExpiration = 30` (https://github.com/auth0/Guardian.swift); Guardian.Android `ACCESS_APPROVAL_JWT_EXP_SECS = 30` (https://github.com/auth0/Guardian.Android).
export const CHALLENGE_RESPONSE_TTL_S = 30;

export const GuardianMethod = { push: 'push' } as const;
/** `auth0_guardian_reason` values; free text is allowed, these are the ones Tessera's UI sends. */
export const DenyReason = { notMe: 'not_me' } as const;

export interface PushDecision {
  accepted: boolean;
  reason?: string;
  /** The number picked on the device, when the login uses number matching. */
  number?: string;
}

/** The `challenge_response` claims (Guardian.swift `GuardianClaimSet`, Guardian.Android `createAccessApprovalJWT`) plus `tessera_number`. */
export interface ChallengeResponseClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  auth0_guardian_method: typeof GuardianMethod.push;
  auth0_guardian_accepted: boolean;
  auth0_guardian_reason?: string;
  tessera_number?: string;
}

/** iss is the device identifier (not the enrollment id) and sub the notification's challenge `c`. */
export async function signChallengeResponse(
  account: DeviceAccount,
  key: CryptoKey,
  challenge: string,
  decision: PushDecision,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const claims: Omit<ChallengeResponseClaims, 'iss' | 'sub' | 'aud' | 'iat' | 'exp'> = {
    auth0_guardian_method: GuardianMethod.push,
    auth0_guardian_accepted: decision.accepted,
  };
  if (decision.reason !== undefined) claims.auth0_guardian_reason = decision.reason;
  if (decision.number !== undefined) claims.tessera_number = decision.number;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: DEVICE_KEY_ALG, typ: 'JWT' })
    .setIssuer(account.identifier)
    .setSubject(challenge)
    .setAudience(guardianUrl(account.baseUrl, GuardianPath.resolveTransaction))
    .setIssuedAt(iat)
    .setExpirationTime(iat + CHALLENGE_RESPONSE_TTL_S)
    .sign(key);
}
