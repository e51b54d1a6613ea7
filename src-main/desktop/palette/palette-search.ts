import type { PaletteMatch } from '../../ipc/contract/palette';
import type { Account } from '../../vault';

/**
 * The palette's matches for `text`: as `ykman oath accounts code` matches, a case-insensitive substring
 * of the issuer or the label (or of "issuer:label"). Names that start with the text come first, then by
 * use count, then in the list's order; an empty text lists the most used.
 */
export function searchAccounts(accounts: readonly Account[], text: string, limit: number): PaletteMatch[] {
  const needle = text.trim().toLowerCase();
  const ranked = accounts
    .map((account, index) => {
      const names = [account.issuer, account.label, `${account.issuer}:${account.label}`].map((name) => name.toLowerCase());
      const found = needle === '' || names.some((name) => name.includes(needle));
      const prefix = needle !== '' && names.some((name) => name.startsWith(needle));
      return { account, index, found, prefix };
    })
    .filter((entry) => entry.found)
    .sort((a, b) => Number(b.prefix) - Number(a.prefix) || (b.account.useCount ?? 0) - (a.account.useCount ?? 0) || a.index - b.index);
  return ranked.slice(0, limit).map(({ account }) => ({ id: account.id, issuer: account.issuer, label: account.label, pinned: account.pinned }));
}
