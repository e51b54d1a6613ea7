import type { ErrorObject } from 'ajv';

type Validate = ((data: unknown, context?: unknown) => boolean) & { errors?: ErrorObject[] | null };
/** Any validator: Fastify's (the context is Ajv's data context) or one of Ajv's own (it types the context). */
type AnyValidate = ((data: unknown, context?: never) => boolean) & { errors?: ErrorObject[] | null };

const NUL = '\u0000';

/**
 * Where in `data` the first string (a value or a key) holding U+0000 is, as a JSON pointer; undefined if none.
 * `maxDepth`: objects and arrays nested deeper than this (`data` itself at depth 1) are not looked into.
 */
export function nulPath(data: unknown, maxDepth = Infinity): string | undefined {
  // An explicit stack, not recursion: a body may nest as deep as the parser allows.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: data, path: '', depth: 1 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path;
    } else if (value !== null && typeof value === 'object' && depth <= maxDepth) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (key.includes(NUL)) return childPath;
        stack.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Refuses a body or query string holding U+0000 anywhere, as a schema failure of the area (so each area
 * answers in its own error shape). PostgreSQL text cannot hold the character
 * (https://www.postgresql.org/docs/current/datatype-character.html), and both engines must answer alike,
 * so it is refused before any store sees it, whichever engine runs.
 */
export function refuseNul(validate: AnyValidate): Validate {
  const checked: Validate = (data, context) => {
    const path = nulPath(data);
    if (path !== undefined) {
      checked.errors = [{ keyword: 'pattern', instancePath: path, schemaPath: '#', params: {}, message: 'must not contain a NUL character', data: undefined }];
      return false;
    }
    // The context is handed on untouched, whatever type the inner validator gives it.
    const valid = validate(data, context as never);
    checked.errors = validate.errors;
    return valid;
  };
  return checked;
}
