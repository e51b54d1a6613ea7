/** One requested field: a path into the user object (`user_metadata.country`, `identities[0].connection`). */
export interface ExportField {
  name: string;
  export_as?: string;
}

/** The fields Tessera exports when none are named (Auth0: "a predefined set of fields"). */
export const DEFAULT_EXPORT_FIELDS: ExportField[] = [
  'user_id', 'email', 'email_verified', 'name', 'nickname', 'created_at', 'updated_at', 'last_login', 'logins_count', 'blocked',
].map((name) => ({ name }));

/** Reads `a.b[0].c` from a plain object; undefined when any step is missing. */
export function readPath(source: unknown, path: string): unknown {
  const steps = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  let value: unknown = source;
  for (const step of steps) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** RFC 4180 §2: quote a field holding a comma, quote or line break, doubling inner quotes. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** NDJSON (one object per line, missing fields left out) or CSV with a header row. */
export function exportLines(users: Record<string, unknown>[], fields: ExportField[], format: 'json' | 'csv'): string[] {
  const keys = fields.map((field) => field.export_as ?? field.name);
  if (format === 'csv') {
    return [keys.map(csvCell).join(','), ...users.map((user) => fields.map((field) => csvCell(readPath(user, field.name))).join(','))];
  }
  return users.map((user) => {
    const line: Record<string, unknown> = {};
    fields.forEach((field, index) => {
      const value = readPath(user, field.name);
      if (value !== undefined) line[keys[index] as string] = value;
    });
    return JSON.stringify(line);
  });
}
