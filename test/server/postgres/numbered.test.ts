import { describe, expect, it } from 'vitest';
import { numbered } from '../../../server/store/postgres/numbered.js';

describe('numbered placeholders', () => {
  it('numbers each ? in order, after the values already bound', () => {
    expect(numbered('a = ? AND (b LIKE ? OR c = ?)')).toBe('a = $1 AND (b LIKE $2 OR c = $3)');
    expect(numbered('user_id = ? AND (type = ?)', 2)).toBe('user_id = $3 AND (type = $4)');
    expect(numbered('1 = 1')).toBe('1 = 1');
  });
});
