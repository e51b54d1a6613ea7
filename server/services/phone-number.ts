/**
 * E.164 (ITU-T E.164 §6): `+`, a country code that never starts with 0, at most 15 digits in all. Eight is
 * the shortest international number in use (a country code and a short subscriber number). No spaces,
 * dashes or brackets: Auth0's MFA API takes `phone_number` in this form, and so does Twilio's `To`.
 */
const E164 = /^\+[1-9][0-9]{7,14}$/;

/** Auth0's Guardian error for a number it cannot use ("Guardian Error Code Reference"). */
export const INVALID_PHONE_NUMBER = { code: 'invalid_phone_number', message: 'The provided phone number is invalid' } as const;

export type PhoneNumberCheck = { valid: true; phoneNumber: string } | { valid: false; error: typeof INVALID_PHONE_NUMBER };

export function checkPhoneNumber(input: unknown): PhoneNumberCheck {
  if (typeof input === 'string' && E164.test(input)) return { valid: true, phoneNumber: input };
  return { valid: false, error: INVALID_PHONE_NUMBER };
}
