import { base32Encode } from './base32';
import type { BackupAccount, BackupContents } from './backup';
import { BackupError } from './errors';
import { arrayAt, objectAt, textAt } from './json-fields';
import { draftFromText, type AccountDraft } from './otp-params';
import { OtpKind, type Account } from './types';

export function toBackupAccount(account: Account, seed: Uint8Array): BackupAccount {
  const { kind, issuer, label, algorithm, digits, period, counter, colour, icon, group, pinned } = account;
  return { kind, issuer, label, secret: base32Encode(seed), algorithm, digits, period, counter, colour, icon, group, pinned };
}

const optionalText = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** Drafts and the codes they must reproduce, from a decrypted backup that is checked like any import. */
export function backupDrafts(contents: BackupContents): { drafts: AccountDraft[]; atMs: number; codes: string[] } {
  const body = objectAt(contents, 'backup');
  const accounts = arrayAt(body.accounts, 'backup accounts');
  const check = objectAt(body.check, 'backup check');
  const codes = arrayAt(check.codes, 'backup check codes');
  if (typeof check.at_ms !== 'number' || codes.length !== accounts.length || !codes.every((code) => typeof code === 'string')) {
    throw new BackupError('the backup has no usable verification codes');
  }
  const drafts = accounts.map((item, index) => {
    const where = `backup account ${index + 1}`;
    const entry = objectAt(item, where);
    const kind = Object.values(OtpKind).find((candidate) => candidate === entry.kind);
    if (!kind) throw new BackupError(`${where}: unknown kind`);
    return draftFromText({
      kind,
      issuer: textAt(entry, 'issuer', where),
      label: textAt(entry, 'label', where),
      secret: textAt(entry, 'secret', where),
      algorithm: textAt(entry, 'algorithm', where),
      digits: entry.digits, period: entry.period, counter: entry.counter ?? undefined,
      appearance: { colour: optionalText(entry.colour), icon: optionalText(entry.icon), group: optionalText(entry.group), pinned: entry.pinned === true },
      position: index,
    }, where);
  });
  return { drafts, atMs: check.at_ms, codes: codes as string[] };
}
