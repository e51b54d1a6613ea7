import { describe, expect, it } from 'vitest';
import { planRow } from '../../../server/services/import-row.js';
import { boundedCopy, NESTED_TOO_DEEP, redactedRow, ROW_VIEW_MAX_DEPTH } from '../../../server/services/import-row-view.js';

const NUL_STRING = 'String must not contain a NUL character (U+0000)';
const NUL_KEY = 'Property name must not contain a NUL character (U+0000)';

describe('an import row holding U+0000', () => {
  const cases: [string, unknown, { code: string; message: string; path: string }[]][] = [
    ['in user_id', { email: 'a@example.com', user_id: '\u0000' }, [{ code: 'INVALID_FORMAT', message: NUL_STRING, path: 'user_id' }]],
    ['in a metadata value, nested', { email: 'a@example.com', user_metadata: { a: [{ b: 'x\u0000' }] } }, [{ code: 'INVALID_FORMAT', message: NUL_STRING, path: 'user_metadata.a[0].b' }]],
    ['in a metadata key', { email: 'a@example.com', app_metadata: { 'k\u0000': 'v' } }, [{ code: 'INVALID_FORMAT', message: NUL_KEY, path: 'app_metadata.k\u0000' }]],
    ['under a key holding a slash and a tilde', { email: 'a@example.com', user_metadata: { 'a/b~c': '\u0000' } }, [{ code: 'INVALID_FORMAT', message: NUL_STRING, path: 'user_metadata.a/b~c' }]],
    ['in an unknown field, listed after the schema errors', { email: 'a@example.com', extra: '\u0000' }, [
      { code: 'OBJECT_ADDITIONAL_PROPERTIES', message: 'Additional properties not allowed: extra', path: '' },
      { code: 'INVALID_FORMAT', message: NUL_STRING, path: 'extra' },
    ]],
  ];

  it.each(cases)('%s is refused with one INVALID_FORMAT error', (_name, row, errors) => {
    expect(planRow(row)).toEqual({ ok: false, errors });
  });

  it('is looked for only as deep as a row can be imported: deeper, the nesting is what refuses it', () => {
    const deep = JSON.parse(`{"email":"a@example.com","user_metadata":${'{"a":'.repeat(20_000)}"\\u0000"${'}'.repeat(20_000)}}`) as unknown;
    expect(planRow(deep)).toEqual({ ok: false, errors: [{ code: 'INVALID_FORMAT', message: 'user_metadata is nested more than 10 levels deep', path: 'user_metadata' }] });
  });
});

describe('the view of a refused row', () => {
  it('cuts what is nested past the bound, however deep JSON.parse let it be', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    let expected: unknown = [NESTED_TOO_DEEP];
    for (let level = 1; level < ROW_VIEW_MAX_DEPTH; level += 1) expected = [expected];
    expect(redactedRow(deep)).toEqual(expected);
    expect(() => JSON.stringify(redactedRow(deep))).not.toThrow();
  });

  it('keeps scalars, key order and a __proto__ key as a plain key', () => {
    const row = JSON.parse('{"email":"a@example.com","__proto__":{"polluted":true},"n":[1,null,"x",{"b":false}]}') as unknown;
    const copy = boundedCopy(row, 3) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"email":"a@example.com","__proto__":{"polluted":true},"n":[1,null,"x",{"b":false}]}');
    expect(boundedCopy(row, 2)).toEqual(JSON.parse(`{"email":"a@example.com","__proto__":{"polluted":true},"n":[1,null,"x","${NESTED_TOO_DEEP}"]}`));
    expect(boundedCopy('text', 0)).toBe('text');
  });

  it('leaves out hashes and seeds', () => {
    const row = { email: 'a@example.com', password_hash: '$2b$10$x', custom_password_hash: { algorithm: 'md5', hash: { value: 'h' } }, mfa_factors: [{ totp: { secret: 'S' } }] };
    expect(redactedRow(row)).toEqual({ email: 'a@example.com', custom_password_hash: { algorithm: 'md5' }, mfa_factors: [{ totp: {} }] });
  });
});
