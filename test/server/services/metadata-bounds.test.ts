import { describe, expect, it } from 'vitest';
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH, metadataProblem } from '../../../server/services/metadata-bounds.js';

/** `levels` containers, built in a loop (a recursive builder would be the overflow under test). */
function nested(levels: number, wrap: (inner: unknown) => unknown = (inner) => ({ k: inner })): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = wrap(value);
  return value;
}

const tooDeep = (field: string) => ({ statusCode: 400, errorCode: 'invalid_body', message: `Payload validation error: ${field} is nested more than ${METADATA_MAX_DEPTH} levels deep.` });

describe('metadataProblem', () => {
  it.each([
    ['absent', undefined],
    ['empty', {}],
    ['10 objects deep', nested(10)],
    ['10 containers deep, arrays and objects mixed', nested(5, (inner) => ({ k: [inner] }))],
    ['exactly 16 KB', { k: 'x'.repeat(METADATA_MAX_BYTES - '{"k":""}'.length) }],
  ])('accepts metadata %s', (_label, value) => {
    expect(metadataProblem('user_metadata', value)).toBeUndefined();
  });

  it.each([
    ['11 objects deep', nested(11)],
    ['11 arrays deep', nested(11, (inner) => [inner])],
    ['a deep value beside shallow ones', { a: 1, b: [1, 2], c: nested(10) }],
    ['a million levels deep, without exhausting the stack', nested(1_000_000)],
  ])('refuses metadata %s', (_label, value) => {
    expect(metadataProblem('app_metadata', value)).toMatchObject(tooDeep('app_metadata'));
  });

  it('refuses metadata one byte over 16 KB, counting UTF-8 bytes, not characters', () => {
    const characters = METADATA_MAX_BYTES - '{"k":""}'.length;
    expect(metadataProblem('user_metadata', { k: 'x'.repeat(characters + 1) })).toMatchObject({
      statusCode: 400,
      errorCode: 'invalid_body',
      message: 'Payload validation error: user_metadata is larger than 16384 bytes.',
    });
    expect(metadataProblem('user_metadata', { k: `${'x'.repeat(characters - 1)}é` })).toMatchObject({ statusCode: 400 });
  });
});
