import type { Tessera } from '../context.js';
import { OAuthError } from '../errors.js';
import type { BucketPolicy } from '../store/rate-buckets.js';

const MINUTE_MS = 60_000;

/** "Bucket starts with 10 attempts and refreshes at a rate of 1 attempt per 6 minutes" (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa). */
export const OTP_FAILURE_BUCKET: BucketPolicy = { capacity: 10, refillMs: 6 * MINUTE_MS };
/** Recovery-code failures: 10 burst, 10 per hour per user (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public). */
export const RECOVERY_FAILURE_BUCKET: BucketPolicy = { capacity: 10, refillMs: 6 * MINUTE_MS };
/** Password failures per user before the account is throttled (brute-force protection). */
export const PASSWORD_FAILURE_BUCKET: BucketPolicy = { capacity: 10, refillMs: 6 * MINUTE_MS };

/** SMS and voice messages per user: burst 10, then 1 per hour (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public). */
export const PHONE_SEND_BUCKET: BucketPolicy = { capacity: 10, refillMs: 60 * MINUTE_MS };
/** Emails per user: burst 20, then 1 per minute (same page). */
export const EMAIL_SEND_BUCKET: BucketPolicy = { capacity: 20, refillMs: MINUTE_MS };

export const bucketKeys = {
  phoneSends: (userId: string) => `phone-sends:${userId}`,
  emailSends: (userId: string) => `email-sends:${userId}`,
  otpFailures: (userId: string) => `otp-failures:${userId}`,
  recoveryFailures: (userId: string) => `recovery-failures:${userId}`,
  passwordFailures: (username: string) => `password-failures:${username}`,
} as const;

/**
 * `error`, a 429 for the bucket `key` that refused, with the headers Auth0's APIs send with one
 * (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy):
 * `X-RateLimit-Limit` the bucket's size, `X-RateLimit-Remaining` 0, and `X-RateLimit-Reset` "the UNIX
 * timestamp, in seconds, of the expected time when additional requests will be added to the bucket".
 */
export async function rateLimited(t: Tessera, key: string, policy: BucketPolicy, error: OAuthError): Promise<OAuthError> {
  const now = t.clock.now();
  const reset = Math.ceil((await t.store.rateBuckets.nextTokenAt(key, policy, now)) / 1000);
  const headers = { 'x-ratelimit-limit': String(policy.capacity), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) };
  return new OAuthError(error.status, error.error, error.description, error.extra, { ...error.headers, ...headers });
}
