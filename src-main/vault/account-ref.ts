import { AccountNotFoundError } from './errors';
import type { Account } from './types';

const MIN_ID_PREFIX = 4;

export const describeAccount = (account: Pick<Account, 'issuer' | 'label'>): string =>
  account.issuer && account.label ? `${account.issuer}: ${account.label}` : account.issuer || account.label || '(unnamed)';

/**
 * The account a person means by `ref`: its id, a unique id prefix, "issuer:label", the label, or the
 * issuer, tried in that order (case-insensitive), so `tessera otp code github` works when it is clear.
 */
export function resolveAccount(accounts: Account[], ref: string): Account {
  const exact = accounts.find((account) => account.id === ref);
  if (exact) return exact;
  const wanted = ref.trim().toLowerCase();
  const rules: Array<(account: Account) => boolean> = [
    (a) => wanted.length >= MIN_ID_PREFIX && a.id.startsWith(wanted),
    (a) => `${a.issuer}:${a.label}`.toLowerCase() === wanted,
    (a) => a.label.toLowerCase() === wanted,
    (a) => a.issuer.toLowerCase() === wanted,
  ];
  for (const rule of rules) {
    const matches = accounts.filter(rule);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const choices = matches.map((a) => `${a.id} (${describeAccount(a)})`).join(', ');
      throw new AccountNotFoundError(`"${ref}" matches several accounts: ${choices}; name one by its id`);
    }
  }
  throw new AccountNotFoundError(`no account matches "${ref}"`);
}

// Both spellings of a name: "issuer:label" as otpauth URIs and ykman write it, "Issuer: label" as we show it.
const searchableNames = (account: Account): string[] =>
  [`${account.issuer}:${account.label}`, describeAccount(account)].map((name) => name.toLowerCase());

/**
 * The accounts `query` may mean, as `ykman oath accounts code` finds them: a unique exact reference (as
 * resolveAccount takes it) wins; otherwise every account whose name contains the query, ignoring case.
 * The caller decides what several matches mean; deleting by a substring would be too loose.
 */
export function matchAccounts(accounts: Account[], query: string): Account[] {
  try {
    return [resolveAccount(accounts, query)];
  } catch (error) {
    if (!(error instanceof AccountNotFoundError)) throw error;
  }
  const wanted = query.trim().toLowerCase();
  return accounts.filter((account) => searchableNames(account).some((name) => name.includes(wanted)));
}
