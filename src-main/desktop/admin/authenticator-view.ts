import type { Management } from 'auth0';
import { AuthenticatorKind, type AdminAuthenticator } from './types';

/** Auth0's authentication-method and Guardian types → the console's kinds. */
const KIND_BY_TYPE: Record<string, AuthenticatorKind> = {
  totp: AuthenticatorKind.otp,
  otp: AuthenticatorKind.otp,
  authenticator: AuthenticatorKind.otp,
  push: AuthenticatorKind.push,
  pn: AuthenticatorKind.push,
  guardian: AuthenticatorKind.push,
  sms: AuthenticatorKind.sms,
  voice: AuthenticatorKind.voice,
  email: AuthenticatorKind.email,
  'recovery-code': AuthenticatorKind.recoveryCode,
  'webauthn-roaming': AuthenticatorKind.webauthn,
  'webauthn-platform': AuthenticatorKind.webauthn,
  passkey: AuthenticatorKind.webauthn,
};

/** Sign-in methods that are not a second factor: never listed as MFA. */
const NOT_MFA = new Set(['password', 'email-verification']);

export function kindOf(type: string, preferred?: string): AuthenticatorKind {
  if (type === 'phone') return preferred === 'voice' ? AuthenticatorKind.voice : AuthenticatorKind.sms;
  return KIND_BY_TYPE[type] ?? AuthenticatorKind.other;
}

export function isMfaMethod(method: Management.UserAuthenticationMethod): boolean {
  return !NOT_MFA.has(method.type);
}

/**
 * One authentication method as the console shows it. Auth0 nests the methods that live and die
 * together (push and its OTP, SMS and voice on one phone) in `authentication_methods`: those become
 * `removedWith`, so the page can warn before a delete.
 */
export function authenticatorView(method: Management.UserAuthenticationMethod, enrollment?: Management.UsersEnrollment): AdminAuthenticator {
  const kind = kindOf(method.type, method.preferred_authentication_method);
  const nested = method.authentication_methods ?? [];
  const removedWith = nested
    .map((inner) => ({ id: inner.id ?? '', kind: kindOf(inner.type ?? '') }))
    .filter((inner) => inner.id !== '' && inner.id !== method.id && inner.kind !== kind);
  return {
    id: method.id,
    kind,
    name: method.name ?? enrollment?.name ?? method.phone_number ?? method.email ?? null,
    createdAt: method.created_at ?? null,
    lastUsedAt: method.last_auth_at ?? enrollment?.last_auth ?? null,
    confirmed: method.confirmed ?? enrollment?.status !== 'pending',
    removedWith,
  };
}

/** The MFA column: kinds of confirmed authenticators, recovery codes left out (they back up another factor). */
export function mfaKinds(methods: Management.UserAuthenticationMethod[]): AuthenticatorKind[] {
  const kinds = methods
    .filter((m) => isMfaMethod(m) && m.confirmed !== false)
    .map((m) => kindOf(m.type, m.preferred_authentication_method))
    .filter((kind) => kind !== AuthenticatorKind.recoveryCode);
  return [...new Set(kinds)];
}

/** The recovery code backs up the others: listed last, the rest in the server's order. */
export function recoveryCodeLast<T extends { kind: AuthenticatorKind }>(items: T[]): T[] {
  return [...items].sort((a, b) => Number(a.kind === AuthenticatorKind.recoveryCode) - Number(b.kind === AuthenticatorKind.recoveryCode));
}
