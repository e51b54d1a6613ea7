import type { JSX } from 'react';
import type { AuthenticatorKind } from '../../src-main/ipc/contract';

/** Each kind's short badge and its words, as the Auth0 Dashboard names the factors. */
export const KIND_TEXT: Record<AuthenticatorKind, { badge: string; label: string }> = {
  otp: { badge: 'OTP', label: 'Authenticator app (OTP)' },
  push: { badge: 'Push', label: 'Push notification' },
  sms: { badge: 'SMS', label: 'SMS' },
  voice: { badge: 'Voice', label: 'Voice call' },
  email: { badge: 'Email', label: 'Email' },
  'recovery-code': { badge: 'Code', label: 'Recovery code' },
  webauthn: { badge: 'Key', label: 'Security key (WebAuthn)' },
  other: { badge: '?', label: 'Other' },
};

/** The MFA column: one badge per enrolled kind, or "none". */
export function MfaKinds({ kinds }: { kinds: AuthenticatorKind[] }): JSX.Element {
  if (kinds.length === 0) return <span className="muted mfa-none">none</span>;
  return (
    <span className="mfa-kinds" aria-label={kinds.map((kind) => KIND_TEXT[kind].label).join(', ')}>
      {kinds.map((kind) => (
        <span key={kind} className={`mfa-kind mfa-${kind}`} title={KIND_TEXT[kind].label} aria-hidden="true">
          {KIND_TEXT[kind].badge}
        </span>
      ))}
    </span>
  );
}

/** A date from the API, as the admin's locale writes it; "never" when there is none. */
export function formatWhen(iso: string | null, none = 'never'): string {
  if (iso === null) return none;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
