import { randomString } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { AuthenticatorKind, AuthenticatorRow } from '../store/authenticators.js';
import type { FactorName } from '../store/tenant.js';
import { maskRecipient } from '../delivery/mask-recipient.js';

/** `dev_` + 16 alphanumerics, shared by linked authenticators (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api). */
export function newLinkId(t: Tessera): string {
  return `dev_${randomString(t.random, 16)}`;
}

export function authenticatorId(kind: AuthenticatorKind, linkId: string): string {
  return `${kind}|${linkId}`;
}

/** MFA API view (https://auth0.com/docs/api/authentication/multi-factor-authentication/list-authenticators): `authenticator_type` otp / oob / recovery-code, `oob_channel` singular. */
export function authenticatorView(row: AuthenticatorRow): Record<string, unknown> {
  const active = row.active;
  switch (row.kind) {
    case 'totp':
      return { id: row.id, authenticator_type: 'otp', active };
    case 'recovery-code':
      return { id: row.id, authenticator_type: 'recovery-code', active };
    case 'push':
      return { id: row.id, authenticator_type: 'oob', oob_channel: 'auth0', name: row.name, active };
    case 'sms':
    case 'voice': {
      // "masked phone" (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api):
      // an mfa_token proves only the password, so the list shows the last four digits, not the number.
      const phone = row.phone_number ?? row.name;
      return { id: row.id, authenticator_type: 'oob', oob_channel: row.kind, name: phone === null ? null : maskRecipient(phone), active };
    }
    default:
      return { id: row.id, authenticator_type: 'oob', oob_channel: row.kind, name: row.name, active };
  }
}

/** `mfa_requirements[].type` per authenticator kind (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa). */
const REQUIREMENT_TYPE: Record<AuthenticatorKind, string> = {
  totp: 'otp',
  'recovery-code': 'recovery-code',
  push: 'push-notification',
  sms: 'phone',
  voice: 'phone',
  email: 'email',
};

const ENROLLABLE: Partial<Record<FactorName, string>> = { otp: 'otp', 'push-notification': 'push-notification', sms: 'phone', email: 'email' };

/** What the user can be challenged with, or, when nothing is active yet, what they may enroll. */
export async function mfaRequirements(t: Tessera, userId: string, rows?: AuthenticatorRow[]): Promise<Record<string, { type: string }[]>> {
  const active = (rows ?? (await t.store.authenticators.forUser(userId))).filter((row) => row.active);
  if (active.some((row) => row.kind !== 'recovery-code')) {
    // Recovery codes are the fallback, so last (Auth0's examples, https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa); clients often offer challenge[0].
    const kinds = active.map((row) => REQUIREMENT_TYPE[row.kind]).sort((a, b) => Number(a === 'recovery-code') - Number(b === 'recovery-code'));
    const types = [...new Set(kinds)];
    return { challenge: types.map((type) => ({ type })) };
  }
  const enroll = (await t.store.tenant
    .factors())
    .filter((factor) => factor.enabled && ENROLLABLE[factor.name])
    .map((factor) => ({ type: ENROLLABLE[factor.name] as string }));
  return { enroll };
}

/**
 * What decides a challenge for the MFA API audience, among a user's stored authenticators: an active one other
 * than a recovery code or an email one. A verified address's implicit email authenticator is never stored, so
 * it does not count either.
 */
export function hasFactorBesidesEmail(rows: readonly AuthenticatorRow[]): boolean {
  return rows.some((row) => row.active && row.kind !== 'recovery-code' && row.kind !== 'email');
}

/** An active authenticator other than a recovery code: the store's one definition, as user pages read it. */
export async function hasActiveFactor(t: Tessera, userId: string): Promise<boolean> {
  return (await t.store.authenticators.withActiveFactor([userId])).has(userId);
}
