import { ExportFormat, type LogEventView } from './types';

const COLUMNS = ['date', 'type', 'typeLabel', 'description', 'userId', 'userName', 'clientId', 'clientName', 'ip', 'logId', 'details'] as const;

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV Injection": leading = + - @, and tab or CR)
 * gets a leading `'`, so opening the export never executes what a user typed into a name or a field.
 */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 §2: a field with a comma, quote or line break is quoted, and its quotes doubled. */
function csvField(value: unknown): string {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = defuse(raw);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function serializeLogs(events: LogEventView[], format: ExportFormat): string {
  if (format === ExportFormat.json) return `${JSON.stringify(events, null, 2)}\n`;
  // RFC 4180 §2: records end with CRLF.
  const rows = [COLUMNS.join(','), ...events.map((event) => COLUMNS.map((column) => csvField(event[column])).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}
