import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver knows a custom-provider message came from this server, and recently:
 *
 *   X-Tessera-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is inside the signed bytes, so an old request replayed with a fresh `t` fails the HMAC
 * and one replayed as it was fails the tolerance. The scheme is Stripe's (`Stripe-Signature`), which
 * receivers' libraries already know how to check; more than one `v1` may appear while a secret rotates.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Tessera-Signature';
/** How old (or how far ahead) a timestamp may be: five minutes, as Stripe's libraries default to. */
export const WEBHOOK_TOLERANCE_S = 300;

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest();

/** The header value for `body` signed at `nowMs` (epoch milliseconds). */
export function signWebhook(secret: string, body: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body).toString('hex')}`;
}

export type WebhookVerification = { valid: true; timestamp: number } | { valid: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * For receivers: whether `header` signs exactly `body` (the raw bytes received, before any JSON parsing)
 * with `secret`, at a time within `toleranceS` of `nowMs`. Signatures are compared in constant time.
 */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, nowMs: number, toleranceS = WEBHOOK_TOLERANCE_S): WebhookVerification {
  const fields = (header ?? '').split(',').map((field) => field.trim().split('='));
  const times = fields.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const signatures = fields.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')).map(([, value]) => Buffer.from(value ?? '', 'hex'));
  if (times.length !== 1 || !/^\d{1,12}$/.test(times[0] ?? '') || signatures.length === 0) return { valid: false, reason: 'malformed' };
  const timestamp = Number(times[0]);
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceS) return { valid: false, reason: 'stale' };
  const expected = hmac(secret, timestamp, body);
  // Every candidate is compared, so the time taken does not say which one matched.
  const matched = signatures.reduce((found, signature) => timingSafeEqual(signature, expected) || found, false);
  return matched ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}
