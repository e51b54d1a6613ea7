import type { Tessera } from '../context.js';
import type { AuthenticatorKind, AuthenticatorRow, NewAuthenticator } from '../store/authenticators.js';
import { authenticatorId, newLinkId } from './authenticators.js';

/**
 * Management API views over authenticator rows. Rows sharing a `link_id` form one enrollment
 * (Guardian API) and one authentication method (Management API), https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authentication-methods-with-management-api.
 */
export type MethodType = 'totp' | 'push' | 'phone' | 'email' | 'recovery-code';

export interface MethodGroup {
  linkId: string;
  type: MethodType;
  rows: AuthenticatorRow[];
  primary: AuthenticatorRow;
}

function groupType(kinds: AuthenticatorKind[]): MethodType {
  if (kinds.includes('push')) return 'push';
  if (kinds.includes('sms') || kinds.includes('voice')) return 'phone';
  if (kinds.includes('email')) return 'email';
  if (kinds.includes('recovery-code')) return 'recovery-code';
  return 'totp';
}

export function groupMethods(rows: AuthenticatorRow[]): MethodGroup[] {
  const byLink = new Map<string, AuthenticatorRow[]>();
  for (const row of rows) byLink.set(row.link_id, [...(byLink.get(row.link_id) ?? []), row]);
  return [...byLink.entries()].map(([linkId, group]) => {
    const type = groupType(group.map((row) => row.kind));
    const primary = group.find((row) => row.kind === type || (type === 'phone' && row.kind === 'sms')) ?? group[0]!;
    return { linkId, type, rows: group, primary };
  });
}

export function methodId(group: MethodGroup): string {
  return `${group.type}|${group.linkId}`;
}

/** `totp|dev_X`, `phone|dev_X`, … → `dev_X`; undefined when the id has no such shape. */
export function linkIdOf(id: string): string | undefined {
  const match = /^[a-z-]+\|(dev_[A-Za-z0-9]+)$/.exec(id);
  return match?.[1];
}

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
const lastAuth = (group: MethodGroup) => group.rows.reduce<number | null>((latest, row) => (row.last_auth_at !== null && (latest === null || row.last_auth_at > latest) ? row.last_auth_at : latest), null);

/** `UserAuthenticationMethod` (https://auth0.com/docs/api/management/v2/users/get-authentication-methods). */
export function methodView(group: MethodGroup): Record<string, unknown> {
  const { primary } = group;
  const nested = group.rows.length > 1 || group.type === 'phone' || group.type === 'push';
  return {
    id: methodId(group),
    type: group.type,
    confirmed: group.rows.every((row) => row.active),
    ...(primary.name ? { name: primary.name } : {}),
    ...(primary.phone_number ? { phone_number: primary.phone_number } : {}),
    ...(primary.email ? { email: primary.email } : {}),
    ...(group.type === 'phone' ? { preferred_authentication_method: primary.preferred_method ?? 'sms' } : {}),
    ...(nested ? { authentication_methods: group.rows.map((row) => ({ id: row.id, type: row.kind })) } : {}),
    ...(group.rows.length > 1 ? { link_id: group.linkId } : {}),
    created_at: iso(primary.created_at),
    ...(primary.confirmed_at !== null ? { enrolled_at: iso(primary.confirmed_at) } : {}),
    ...(lastAuth(group) !== null ? { last_auth_at: iso(lastAuth(group)) } : {}),
  };
}

const AUTH_METHOD: Record<MethodType, string> = { totp: 'authenticator', push: 'guardian', phone: 'sms', email: 'email', 'recovery-code': 'recovery-code' };

/** An enrollment is confirmed once every authenticator of it is active (`status` of a Guardian enrollment). */
export function enrollmentConfirmed(group: MethodGroup): boolean {
  return group.rows.every((row) => row.active);
}

/** A Guardian enrollment's `enrolled_at`, in ms: when it was confirmed, or created while still pending. */
export function enrolledAt(group: MethodGroup): number {
  return group.primary.confirmed_at ?? group.primary.created_at;
}

/**
 * Guardian enrollment (`GET /users/{id}/enrollments`, `GET /guardian/enrollments/{id}`). `device` is the
 * push device behind a push enrollment: its `identifier` is the one it sent at Guardian device enrollment,
 * "Device identifier (usually phone identifier) of this enrollment" (https://auth0.com/docs/api/management/v2/guardian/get-enrollments-by-id).
 */
export function enrollmentView(group: MethodGroup, device?: { identifier: string }): Record<string, unknown> {
  const { primary } = group;
  return {
    id: group.linkId,
    status: enrollmentConfirmed(group) ? 'confirmed' : 'pending',
    type: group.type === 'push' ? 'pn' : group.type,
    ...(primary.name ? { name: primary.name } : {}),
    ...(device?.identifier ? { identifier: device.identifier } : {}),
    ...(primary.phone_number ? { phone_number: maskPhone(primary.phone_number) } : {}),
    auth_method: AUTH_METHOD[group.type],
    enrolled_at: iso(enrolledAt(group)),
    ...(lastAuth(group) !== null ? { last_auth: iso(lastAuth(group)) } : {}),
  };
}

/** "partially obfuscated" phone numbers (https://auth0.com/docs/api/management/v2/guardian/get-enrollments-by-id): keep the country code and last 4 digits. */
export function maskPhone(phone: string): string {
  return phone.replace(/^(\+\d{1,2})(\d+)(\d{4})$/, (_m, cc: string, mid: string, last: string) => `${cc}${'X'.repeat(mid.length)}${last}`);
}

/** Rows for a new, already confirmed method (Management API methods "will be auto confirmed"). */
export function newMethodRows(
  t: Tessera,
  userId: string,
  input: { type: 'totp' | 'phone' | 'email'; name?: string; totpSecret?: string; phoneNumber?: string; email?: string; preferred?: string },
): NewAuthenticator[] {
  const now = t.clock.now();
  const linkId = newLinkId(t);
  const base = (kind: AuthenticatorKind): NewAuthenticator => ({
    id: authenticatorId(kind, linkId), user_id: userId, kind, link_id: linkId, name: input.name ?? null, secret_enc: null, code_digest: null,
    active: true, last_used_step: null, created_at: now, confirmed_at: now, last_auth_at: null,
  });
  if (input.type === 'totp') {
    const row = base('totp');
    return [{ ...row, secret_enc: t.secrets.encrypt(input.totpSecret ?? '', `authenticator:${row.id}`) }];
  }
  if (input.type === 'email') return [{ ...base('email'), name: input.name ?? input.email ?? null, email: input.email ?? null }];
  const phone = { phone_number: input.phoneNumber ?? null, preferred_method: input.preferred ?? 'sms', name: input.name ?? input.phoneNumber ?? null };
  return [{ ...base('sms'), ...phone }, { ...base('voice'), ...phone }];
}
