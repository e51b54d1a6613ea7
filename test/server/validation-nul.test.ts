import { describe, expect, it } from 'vitest';
import { nulPath } from '../../server/validation-nul.js';

describe('nulPath', () => {
  it('points at the first value or key holding U+0000, escaping the pointer (RFC 6901)', () => {
    expect(nulPath({ a: { 'b/c~': 'x\u0000' } })).toBe('/a/b~1c~0');
    expect(nulPath({ a: [1, { 'k\u0000': 1 }] })).toBe('/a/1/k\u0000');
    expect(nulPath({ a: ['clean'] })).toBeUndefined();
  });

  it('with maxDepth, reads the strings and keys of objects up to that depth and looks no deeper', () => {
    expect(nulPath({ a: { b: 'x\u0000' } }, 2)).toBe('/a/b');
    expect(nulPath({ a: { 'k\u0000': 1 } }, 2)).toBe('/a/k\u0000');
    expect(nulPath({ a: { b: { c: 'x\u0000' } } }, 2)).toBeUndefined();
    expect(nulPath({ a: { 'k\u0000': 1 } }, 1)).toBeUndefined();
  });

  it('walks a value nested 20,000 deep without recursion, and stops at maxDepth', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(nulPath(deep)).toBe('/0'.repeat(20_000));
    expect(nulPath(deep, 12)).toBeUndefined();
  });
});
