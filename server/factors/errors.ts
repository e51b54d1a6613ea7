import { OAuthError } from '../errors.js';
import { INVALID_PHONE_NUMBER } from '../services/phone-number.js';

const oauth = (status: number, error: string, description: string) => new OAuthError(status, error, description);

/**
 * The code factors' errors in the MFA API's shape. Strings the Auth0 SDKs match on are kept exact
 * (Auth0.Android `AuthenticationException.kt`: "Invalid binding_code."); codes Auth0 only documents for
 * its Guardian API (`invalid_phone_number`, `error_sending_sms`, `too_many_sms`, Guardian Error Code
 * Reference) are used with the same names here.
 */
export const FactorErrors = {
  invalidBindingCode: () => oauth(403, 'invalid_grant', 'Invalid binding_code.'),
  missingBindingCode: () => oauth(400, 'invalid_request', 'binding_code is required'),
  invalidPhoneNumber: () => oauth(400, INVALID_PHONE_NUMBER.code, INVALID_PHONE_NUMBER.message),
  invalidEmail: () => oauth(400, 'invalid_request', 'email must be a valid email address'),
  /** No phone or email for a code factor: a 400 naming the missing parameter. */
  missing: (name: string) => oauth(400, 'invalid_request', `Missing required parameter: ${name}`),
  /** SMS and voice: 10 per user, then 1 per hour (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors/configure-sms-voice-notifications-mfa). */
  tooManyPhoneMessages: () => oauth(429, 'too_many_sms', 'Too many SMS or voice messages sent to this user. Wait an hour before retrying.'),
  tooManyEmails: () => oauth(429, 'too_many_emails', 'Too many emails sent to this user. Wait a minute before retrying.'),
  implicitEmail: () => oauth(403, 'access_denied', 'A verified email is an authenticator only while it is verified: it cannot be deleted.'),
  /**
   * A provider that failed (`message`: the DeliveryError's own words, which never quote the code or the
   * provider's body). 502: the server's upstream failed, not the request.
   */
  sendingFailed: (channel: 'sms' | 'voice' | 'email', message: string) =>
    oauth(502, channel === 'email' ? 'error_sending_email' : 'error_sending_sms', message),
};
