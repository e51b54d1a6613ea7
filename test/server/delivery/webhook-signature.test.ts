import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../../server/delivery/webhook-signature.js';

const SECRET = 'whsec_test';
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const BODY = '{"recipient":"+14155550123","channel":"sms","code":"048213","message":"048213 is your code"}';
const SIGNED = signWebhook(SECRET, BODY, NOW);
const T = NOW / 1000;

describe('verifyWebhookSignature', () => {
  it('is HMAC-SHA256 over "<t>.<body>", hex, as documented', () => {
    // Computed independently: printf "%s" "1795435200.hello" | openssl dgst -sha256 -hmac whsec_test
    expect(signWebhook(SECRET, 'hello', NOW)).toBe(`t=${T},v1=f13c6f75b24f4f3bdc34417e90d0901624af5977a5cea28a1771bca9ef2d2dae`);
  });

  it.each([
    ['the signed body, now', SIGNED, BODY, NOW, { valid: true, timestamp: T }],
    ['five minutes later, at the edge of the tolerance', SIGNED, BODY, NOW + 300_000, { valid: true, timestamp: T }],
    ['a second past the tolerance', SIGNED, BODY, NOW + 301_000, { valid: false, reason: 'stale' }],
    ['a timestamp from the future beyond the tolerance', SIGNED, BODY, NOW - 301_000, { valid: false, reason: 'stale' }],
    ['a changed body', SIGNED, BODY.replace('048213', '048214'), NOW, { valid: false, reason: 'mismatch' }],
    ['a replay with a fresh timestamp', SIGNED.replace(`t=${T}`, `t=${T + 60}`), BODY, NOW + 60_000, { valid: false, reason: 'mismatch' }],
    ['another secret\'s signature', signWebhook('whsec_other', BODY, NOW), BODY, NOW, { valid: false, reason: 'mismatch' }],
    ['a rotation: an old and the current signature', `t=${T},v1=${'0'.repeat(64)},v1=${SIGNED.split('v1=')[1]}`, BODY, NOW, { valid: true, timestamp: T }],
    ['no header', undefined, BODY, NOW, { valid: false, reason: 'malformed' }],
    ['no signature', `t=${T}`, BODY, NOW, { valid: false, reason: 'malformed' }],
    ['a short signature', `t=${T},v1=abcd`, BODY, NOW, { valid: false, reason: 'malformed' }],
    ['no timestamp', `v1=${SIGNED.split('v1=')[1]}`, BODY, NOW, { valid: false, reason: 'malformed' }],
    ['two timestamps', `t=${T},t=${T},v1=${SIGNED.split('v1=')[1]}`, BODY, NOW, { valid: false, reason: 'malformed' }],
    ['a timestamp that is not a number', `t=now,v1=${SIGNED.split('v1=')[1]}`, BODY, NOW, { valid: false, reason: 'malformed' }],
  ])('%s', (_name, header, body, now, expected) => {
    expect(verifyWebhookSignature(SECRET, header, body, now)).toEqual(expected);
  });

  it('accepts what it signs and refuses any change of one character', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.nat(), fc.integer({ min: 0, max: 2 ** 34 }), (secret, body, at, now) => {
        const header = signWebhook(secret, body, now * 1000);
        expect(verifyWebhookSignature(secret, header, body, now * 1000)).toEqual({ valid: true, timestamp: now });
        const i = at % body.length;
        const changed = body.slice(0, i) + String.fromCharCode(body.charCodeAt(i) ^ 1) + body.slice(i + 1);
        expect(verifyWebhookSignature(secret, header, changed, now * 1000)).toEqual({ valid: false, reason: 'mismatch' });
      }),
    );
  });
});
