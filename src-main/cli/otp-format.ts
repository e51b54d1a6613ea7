import { describeAccount } from '../vault/account-ref';
import type { Account, ImportReport } from '../vault/types';
import { terminalSafe } from './format';

// Names come from otpauth URIs and other apps' exports: shown through terminalSafe like server text.
export const accountName = (account: Pick<Account, 'issuer' | 'label'>): string => terminalSafe(describeAccount(account));

function parameters(account: Account): string {
  if (account.kind === 'steam') return 'Steam Guard';
  const base = `${account.kind.toUpperCase()} ${account.algorithm}, ${account.digits} digits`;
  return account.kind === 'hotp' ? `${base}, counter ${account.counter}` : `${base}, ${account.period} s`;
}

/** One line per account: id, name, how codes are made; the group when there is one. */
export function formatAccountLine(account: Account): string {
  const group = account.group ? `  [${terminalSafe(account.group)}]` : '';
  return `${account.id}  ${accountName(account)}  (${parameters(account)})${group}`;
}

export function formatImportReport(report: ImportReport): string {
  const count = report.added.length;
  const already = report.skipped > 0 ? ` (${report.skipped} already present)` : '';
  return `Imported ${count} account${count === 1 ? '' : 's'} from the ${report.source}${already}.`;
}
