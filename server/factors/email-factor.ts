import type { Tessera } from '../context.js';
import { transaction } from '../context.js';
import { authenticatorId, authenticatorView, newLinkId } from '../services/authenticators.js';
import { enrollingUser, pendingRecoveryCode } from '../services/enrollment.js';
import type { AuthenticatorRow } from '../store/authenticators.js';
import type { UserRow } from '../store/users.js';
import { sendOneTimeCode } from './code-send.js';
import { redeemOneTimeCode } from './code-redeem.js';
import { mfaEmailTemplate } from './email-template-request.js';
import { FactorErrors } from './errors.js';
import type { Factor } from './types.js';

/** An address as the HTML living standard's `type=email` accepts it: enough to refuse typos, not RFC 5322. */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * The authenticator a verified email address is, without enrolling ("When email is enabled as a factor,
 * all users with verified emails will be able to use them", https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors/configure-email-notifications-for-mfa):
 * no row, a stable id derived from the user, listed and challengeable, never deletable.
 */
export function implicitEmailAuthenticator(t: Tessera, user: Pick<UserRow, 'user_id' | 'email'>): AuthenticatorRow {
  const linkId = `dev_${t.secrets.digest('implicit-email', user.user_id).replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`;
  return {
    id: authenticatorId('email', linkId), user_id: user.user_id, kind: 'email', link_id: linkId, name: user.email, secret_enc: null, code_digest: null,
    active: true, last_used_step: null, created_at: 0, confirmed_at: null, last_auth_at: null, phone_number: null, email: user.email, preferred_method: null,
  };
}

/** The user's verified address as an email authenticator, when the factor is on and no explicit one names it. */
export async function implicitEmailFor(t: Tessera, userId: string, rows: AuthenticatorRow[]): Promise<AuthenticatorRow | undefined> {
  if (!(await t.store.tenant.isFactorEnabled('email'))) return undefined;
  const user = await t.store.users.find(userId);
  return user && implicitEmailOf(t, user, rows);
}

/** implicitEmailFor with the factor known to be on and the user already read (one statement read both: `findListing`). */
export function implicitEmailOf(t: Tessera, user: Pick<UserRow, 'user_id' | 'email' | 'email_verified'>, rows: AuthenticatorRow[]): AuthenticatorRow | undefined {
  if (!user.email_verified || rows.some((row) => row.kind === 'email' && row.email === user.email)) return undefined;
  return implicitEmailAuthenticator(t, user);
}

/** Email codes (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-email-authenticators). */
export const emailFactor: Factor = {
  factor: 'email',
  kinds: ['email'],
  associates: ['email'],
  async associate(ctx, subject, input) {
    const { t } = ctx;
    const now = t.clock.now();
    const linkId = newLinkId(t);
    const { row, email, recoveryCode } = await transaction(t, async (t) => {
      const user = await enrollingUser(t, subject.userId);
      // "uses user's email if not provided" (auth0-auth-js `EnrollOobOptions.email`).
      const email = input.email ?? user.email;
      if (email.length > 254 || !EMAIL.test(email)) throw FactorErrors.invalidEmail();
      const row: AuthenticatorRow = {
        id: authenticatorId('email', linkId), user_id: subject.userId, kind: 'email', link_id: linkId, name: email, secret_enc: null, code_digest: null,
        active: false, last_used_step: null, created_at: now, confirmed_at: null, last_auth_at: null, phone_number: null, email, preferred_method: null,
      };
      await t.store.authenticators.removeInactive(subject.userId, 'email');
      await t.store.authenticators.insert(row);
      return { row, email, recoveryCode: await pendingRecoveryCode(t, subject.userId, now) };
    });
    const rollback = async () => void (await t.store.authenticators.removeLinked(linkId, subject.userId));
    const template = await mfaEmailTemplate(t, subject);
    const oobCode = await sendOneTimeCode(ctx, subject, { purpose: 'enrollment', row, channel: 'email', to: email, email: template, rollback });
    await t.audit.record({ type: 'gd_start_enroll', origin: ctx.origin, userId: subject.userId, clientId: subject.clientId, details: { authenticator: { id: row.id, type: 'email' } } });
    return { authenticator_type: 'oob', binding_method: 'prompt', ...(recoveryCode ? { recovery_codes: [recoveryCode] } : {}), oob_channel: 'email', oob_code: oobCode };
  },
  challengeType: 'oob',
  async challenge(ctx, subject, row) {
    ctx.reply.header('cache-control', 'no-store');
    const email = await mfaEmailTemplate(ctx.t, subject);
    const oobCode = await sendOneTimeCode(ctx, subject, { purpose: 'challenge', row, channel: 'email', to: row.email ?? row.name ?? '', email });
    return { challenge_type: 'oob', oob_code: oobCode, binding_method: 'prompt' };
  },
  redeemOob: redeemOneTimeCode,
  view: authenticatorView,
};
