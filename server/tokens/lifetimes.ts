/** Token lifetimes in seconds. */
export const ACCESS_TOKEN_TTL_S = 86_400;
/** "The default expiry time of access tokens with the /mfa/ audience is 10 minutes" (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api). */
export const MFA_ACCESS_TOKEN_TTL_S = 600;
export const ID_TOKEN_TTL_S = 36_000;
/** Tessera's choice: 10 minutes for the API mfa_token, as https://community.auth0.com/t/email-mfa-otp-expiry-time-and-mfa-token-expiry-time/123043 says. */
export const MFA_TOKEN_TTL_S = 600;
/** Rotating refresh tokens: absolute lifetime of a token family member. */
export const REFRESH_TOKEN_TTL_S = 30 * 86_400;
/** An expired mfa_token is remembered this long so it reads "expired" rather than "malformed". */
export const MFA_TOKEN_RETENTION_S = 86_400;
