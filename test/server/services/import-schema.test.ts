import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../../server/services/import-schema.js';

/** Auth0 reports import rows with z-schema's codes and messages; `path` names the field. */
describe('the import row schema', () => {
  it('accepts a full Auth0 export row', () => {
    expect(
      schemaErrors({
        email: 'ada@example.com', email_verified: true, user_id: 'ada', username: 'ada', given_name: 'Ada', family_name: 'Lovelace',
        name: 'Ada Lovelace', nickname: 'ada', picture: 'https://example.com/a.png', blocked: false, phone_number: '+15555550100', phone_verified: true,
        password_hash: '$2b$10$abc', app_metadata: { plan: 'pro' }, user_metadata: { lang: 'en' }, mfa_factors: [{ totp: { secret: 'JBSWY3DPEHPK3PXP' } }],
      }),
    ).toEqual([]);
  });

  const cases: [string, unknown, { code: string; message: string; path: string }[]][] = [
    ['not an object', 'ada@example.com', [{ code: 'INVALID_TYPE', message: 'Expected type object but found type string', path: '' }]],
    ['no email', {}, [{ code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: 'Missing required property: email', path: '' }]],
    ['an unknown algorithm', { email: 'a@example.com', custom_password_hash: { algorithm: 'rot13', hash: { value: 'x' } } }, [{ code: 'ENUM_MISMATCH', message: 'No enum match for: "rot13"', path: 'custom_password_hash.algorithm' }]],
    ['a hash without value', { email: 'a@example.com', custom_password_hash: { algorithm: 'bcrypt', hash: {} } }, [{ code: 'OBJECT_MISSING_REQUIRED_PROPERTY', message: 'Missing required property: value', path: 'custom_password_hash.hash' }]],
    ['an empty factor', { email: 'a@example.com', mfa_factors: [{}] }, [{ code: 'OBJECT_PROPERTIES_MINIMUM', message: 'Too few properties defined (0), minimum 1', path: 'mfa_factors[0]' }]],
    ['a factor naming two kinds', { email: 'a@example.com', mfa_factors: [{ totp: { secret: 'JBSWY3DPEHPK3PXP' }, email: { value: 'a@example.com' } }] }, [{ code: 'OBJECT_PROPERTIES_MAXIMUM', message: 'Too many properties defined (2), maximum 1', path: 'mfa_factors[0]' }]],
    ['eleven factors', { email: 'a@example.com', mfa_factors: Array(11).fill({ totp: { secret: 'JBSWY3DPEHPK3PXP' } }) }, [{ code: 'ARRAY_LENGTH_LONG', message: 'Array is too long (11), maximum 10', path: 'mfa_factors' }]],
    ['an empty name', { email: 'a@example.com', name: '' }, [{ code: 'MIN_LENGTH', message: 'String is too short (0 chars), minimum 1', path: 'name' }]],
    ['a scrypt cost of 1', { email: 'a@example.com', custom_password_hash: { algorithm: 'scrypt', hash: { value: 'aa', encoding: 'hex' }, cost: 1 } }, [{ code: 'MINIMUM', message: 'Value 1 is less than minimum 2', path: 'custom_password_hash.cost' }]],
    // Lengths count code points, as JSON Schema does: 256 of them are 512 UTF-16 units.
    ['a user_id one code point too long', { email: 'a@example.com', user_id: '\u{1F510}'.repeat(256) }, [{ code: 'MAX_LENGTH', message: 'String is too long (256 chars), maximum 255', path: 'user_id' }]],
    ['an unknown algorithm nested past any stack', { email: 'a@example.com', custom_password_hash: { algorithm: JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) as unknown, hash: { value: 'x' } } },
      [{ code: 'ENUM_MISMATCH', message: 'No enum match for: [[["[nested too deep]"]]]', path: 'custom_password_hash.algorithm' }]],
    ['metadata that is an array', { email: 'a@example.com', user_metadata: [] }, [{ code: 'INVALID_TYPE', message: 'Expected type object but found type array', path: 'user_metadata' }]],
  ];

  it.each(cases)('%s', (_name, row, errors) => {
    expect(schemaErrors(row)).toEqual(errors);
  });
});
