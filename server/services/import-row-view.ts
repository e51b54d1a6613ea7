import { METADATA_MAX_DEPTH } from './metadata-bounds.js';

/**
 * How deep the errors list shows a refused row, the row itself counting as 1: a row whose metadata is
 * nested as deep as it may be (or one level more, the usual mistake) is shown whole.
 */
export const ROW_VIEW_MAX_DEPTH = METADATA_MAX_DEPTH + 2;
/** What stands in for an object or array nested past the bound. */
export const NESTED_TOO_DEEP = '[nested too deep]';

function emptyLike(value: object): Record<string, unknown> | unknown[] {
  return Array.isArray(value) ? [] : {};
}

/**
 * A copy of a parsed JSON value with every object or array nested deeper than `maxDepth` replaced by
 * NESTED_TOO_DEEP. JSON.parse accepts nesting far deeper than JSON.stringify (or any recursive walk)
 * can handle on the stack, so a refused row is cut down before it is serialized; the copy is built with
 * an explicit stack for the same reason.
 */
export function boundedCopy(value: unknown, maxDepth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (maxDepth < 1) return NESTED_TOO_DEEP;
  const root = emptyLike(value);
  const pending: { from: object; to: object; depth: number }[] = [{ from: value, to: root, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { from, to, depth } = next;
    for (const [key, child] of Object.entries(from)) {
      let copy: unknown = child;
      if (child !== null && typeof child === 'object') {
        if (depth >= maxDepth) copy = NESTED_TOO_DEEP;
        else {
          copy = emptyLike(child as object);
          pending.push({ from: child as object, to: copy as object, depth: depth + 1 });
        }
      }
      // defineProperty, not assignment: a `__proto__` key from JSON.parse stays a plain key.
      Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** The row as the errors list shows it: hashes and TOTP seeds are never sent back, and the nesting is bounded. */
export function redactedRow(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return boundedCopy(input, ROW_VIEW_MAX_DEPTH);
  const { password_hash: _hash, custom_password_hash: custom, mfa_factors: factors, ...rest } = input as Record<string, unknown>;
  void _hash;
  const out: Record<string, unknown> = { ...rest };
  if (custom && typeof custom === 'object') out.custom_password_hash = { algorithm: (custom as { algorithm?: unknown }).algorithm };
  if (Array.isArray(factors)) {
    out.mfa_factors = factors.map((factor: unknown) =>
      factor && typeof factor === 'object' && 'totp' in factor ? { totp: {} } : factor,
    );
  }
  return boundedCopy(out, ROW_VIEW_MAX_DEPTH);
}
