import { describe, expect, it } from 'vitest';
import { checkPhoneNumber } from '../../../server/services/phone-number.js';

const INVALID = { valid: false, error: { code: 'invalid_phone_number', message: 'The provided phone number is invalid' } };

describe('E.164 phone numbers', () => {
  it.each(['+14155550123', '+442071838750', '+12345678', '+123456789012345', '+8613800138000'])('%s is accepted as given', (input) => {
    expect(checkPhoneNumber(input)).toEqual({ valid: true, phoneNumber: input });
  });

  it.each([
    ['no plus', '14155550123'],
    ['a country code starting with 0', '+04155550123'],
    ['seven digits', '+1234567'],
    ['sixteen digits', '+1234567890123456'],
    ['spaces', '+1 415 555 0123'],
    ['dashes', '+1-415-555-0123'],
    ['a trailing newline', '+14155550123\n'],
    ['letters', '+1415555CODE'],
    ['Arabic-Indic digits', '+١٤١٥٥٥٥٠١٢٣'],
    ['empty', ''],
    ['a number', 14155550123],
    ['null', null],
  ])('%s is refused with Auth0\'s invalid_phone_number', (_name, input) => {
    expect(checkPhoneNumber(input)).toEqual(INVALID);
  });
});
