import { transaction } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { authenticatorId, authenticatorView, newLinkId } from '../services/authenticators.js';
import { enrollingUser, pendingRecoveryCode } from '../services/enrollment.js';
import { checkPhoneNumber } from '../services/phone-number.js';
import type { AuthenticatorKind, AuthenticatorRow } from '../store/authenticators.js';
import type { PhoneMessageType } from '../store/guardian-phone.js';
import { sendOneTimeCode } from './code-send.js';
import { redeemOneTimeCode } from './code-redeem.js';
import { FactorErrors } from './errors.js';
import type { Factor } from './types.js';

/**
 * SMS and voice: one Management factor (`sms`) whose message types (`guardian/factors/phone/message-types`)
 * say which channels it offers. With both offered, enrolling either creates the linked `sms|dev_X` and
 * `voice|dev_X` pair, deleted together (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api).
 */
export const phoneFactor: Factor = {
  factor: 'sms',
  kinds: ['sms', 'voice'],
  associates: ['sms', 'voice'],
  async checkEnabled(t, selector) {
    const types = (await t.store.guardianPhone.get()).message_types;
    if (!types.includes(selector as PhoneMessageType)) throw OAuthErrors.factorDisabled(selector);
  },
  async associate(ctx, subject, input) {
    const { t } = ctx;
    const channel = input.channel as PhoneMessageType;
    if (input.phone_number === undefined) throw FactorErrors.missing('phone_number');
    const phone = checkPhoneNumber(input.phone_number);
    if (!phone.valid) throw FactorErrors.invalidPhoneNumber();
    const types = (await t.store.guardianPhone.get()).message_types;
    const now = t.clock.now();
    const linkId = newLinkId(t);
    const rowOf = (kind: AuthenticatorKind): AuthenticatorRow => ({
      id: authenticatorId(kind, linkId), user_id: subject.userId, kind, link_id: linkId, name: phone.phoneNumber, secret_enc: null, code_digest: null,
      active: false, last_used_step: null, created_at: now, confirmed_at: null, last_auth_at: null, phone_number: phone.phoneNumber, email: null, preferred_method: channel,
    });
    const rows = (types.length === 2 ? (['sms', 'voice'] as const) : [channel]).map(rowOf);
    const recoveryCode = await transaction(t, async (t) => {
      await enrollingUser(t, subject.userId);
      // A repeated, unconfirmed enrollment replaces the previous one.
      for (const kind of ['sms', 'voice'] as const) await t.store.authenticators.removeInactive(subject.userId, kind);
      for (const row of rows) await t.store.authenticators.insert(row);
      return await pendingRecoveryCode(t, subject.userId, now);
    });
    // The row as written, not read back: by now a parallel enrollment or the user's deletion may have removed
    // it, and the code then goes to a number nobody can confirm, as the email factor's does.
    const row = rowOf(channel);
    const rollback = async () => void (await t.store.authenticators.removeLinked(linkId, subject.userId));
    const oobCode = await sendOneTimeCode(ctx, subject, { purpose: 'enrollment', row, channel, to: phone.phoneNumber, rollback });
    await t.audit.record({ type: 'gd_start_enroll', origin: ctx.origin, userId: subject.userId, clientId: subject.clientId, details: { authenticator: { id: row.id, type: channel } } });
    return {
      authenticator_type: 'oob', binding_method: 'prompt', ...(recoveryCode ? { recovery_codes: [recoveryCode] } : {}), oob_channel: channel, oob_code: oobCode,
    };
  },
  challengeType: 'oob',
  async challenge(ctx, subject, row) {
    const channel = row.kind === 'voice' ? 'voice' : 'sms';
    await phoneFactor.checkEnabled!(ctx.t, channel);
    ctx.reply.header('cache-control', 'no-store');
    const oobCode = await sendOneTimeCode(ctx, subject, { purpose: 'challenge', row, channel, to: row.phone_number ?? '' });
    return { challenge_type: 'oob', oob_code: oobCode, binding_method: 'prompt' };
  },
  redeemOob: redeemOneTimeCode,
  view: authenticatorView,
};
