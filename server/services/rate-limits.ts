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
