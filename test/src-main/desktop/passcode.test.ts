import { describe, expect, it } from 'vitest';
import { hashPasscode, isPasscodeHash, PASSCODE_SCRYPT, verifyPasscode } from '../../../src-main/desktop/passcode';
import { TEST_DESKTOP_KDF } from '../../helpers/test-crypto.js';

describe('the app passcode hash', () => {
  it("is scrypt at OWASP's floor (N=2^17, r=8, p=1) unless a test asks for less, and records its cost", async () => {
    expect(PASSCODE_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    const stored = await hashPasscode('4711-passcode');
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 131072, r: 8, p: 1 });
    expect(isPasscodeHash(stored)).toBe(true);
    expect(await verifyPasscode('4711-passcode', stored)).toBe(true);
    expect(await verifyPasscode('4711-passcodf', stored)).toBe(false);
  });

  it('verifies with the cost the hash records, so a cheap test hash and a production one both check', async () => {
    const cheap = await hashPasscode('4711-passcode', TEST_DESKTOP_KDF.passcode);
    expect(cheap).toMatchObject({ N: 1024, r: 8, p: 1 });
    expect(await verifyPasscode('4711-passcode', cheap)).toBe(true);
    expect(await verifyPasscode('', cheap)).toBe(false);
  });
});
