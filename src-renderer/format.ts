import type { ImportReport } from '../src-main/ipc/contract';

/** "123456" → "123 456", "12345678" → "1234 5678": the way authenticator apps show codes for reading aloud. */
export function groupCode(code: string): string {
  if (code.length < 6) return code;
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}

/** The same shape as a code, with nothing of it: shown while codes are hidden. */
export function maskCode(digits: number): string {
  return groupCode('•'.repeat(digits));
}

export function describeImport(report: ImportReport): string {
  const added = report.added.length;
  const names = report.added.map((account) => (account.issuer ? `${account.issuer} (${account.label})` : account.label)).join(', ');
  const skipped = report.skipped > 0 ? ` ${report.skipped} already in Tessera.` : '';
  if (added === 0) return `No new accounts from ${report.source}.${skipped}`;
  return `Added ${added} account${added === 1 ? '' : 's'} from ${report.source}: ${names}.${skipped}`;
}

export function formatTime(iso: string | null): string {
  if (iso === null) return 'unknown time';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
