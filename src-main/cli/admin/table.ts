import { terminalSafe } from '../format';

/** `2026-11-23T12:00:05.000Z` → `2026-11-23 12:00 UTC`; what a person scans in a column. */
export function shortDate(iso: string | null, missing = '-'): string {
  if (iso === null) return missing;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? terminalSafe(iso) : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Columns padded to their widest cell, two spaces apart, the last one unpadded. Cells come from the
 * server (names, emails, devices), so each goes through terminalSafe before it is measured.
 */
export function formatTable(headers: string[], rows: (string | null)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === '' ? '-' : terminalSafe(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** A `label   value` block (profile fields), labels aligned. */
export function formatFields(fields: [string, string | null][]): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `  ${label.padEnd(width)}  ${value === null ? '-' : terminalSafe(value)}`).join('\n');
}

export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
