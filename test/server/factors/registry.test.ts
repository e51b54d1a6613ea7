import { describe, expect, it } from 'vitest';
import { FACTORS, factorVerifying } from '../../../server/factors/registry.js';

/** The grants find their factor's verify step in the registry, as mfa-oob finds its redeemers. */
describe('the factor registry\'s verify steps', () => {
  it('the mfa-otp grant verifies through the otp factor, mfa-recovery-code through the recovery-code factor', () => {
    expect(factorVerifying('verifyOtp')).toMatchObject({ factor: 'otp', kinds: ['totp'] });
    expect(factorVerifying('redeemRecoveryCode')).toMatchObject({ factor: 'recovery-code', kinds: ['recovery-code'] });
  });

  it('no factor answers both a grant of its own and mfa-oob: each grant has one place to look', () => {
    const grantDriven = FACTORS.filter((factor) => factor.verifyOtp ?? factor.redeemRecoveryCode).map((factor) => factor.factor);
    const oob = FACTORS.filter((factor) => factor.redeemOob).map((factor) => factor.factor);
    expect(grantDriven).toEqual(['otp', 'recovery-code']);
    expect(oob).toEqual(['push-notification', 'sms', 'email']);
  });
});
