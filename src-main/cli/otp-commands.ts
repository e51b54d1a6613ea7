import { readFile, writeFile, chmod } from 'node:fs/promises';
import { matchAccounts } from '../vault/account-ref';
import { isBackupEnvelope } from '../vault/backup';
import { AccountNotFoundError } from '../vault/errors';
import { parseCommandLine } from './args';
import { backupPassword } from './backup-password';
import { CliError, ExitCode, writeLine } from './context';
import { withCliVault } from './otp-context';
import { accountName, formatAccountLine, formatImportReport } from './otp-format';
import type { Command } from './router';

/** Exports hold seeds (plain) or can be attacked offline (encrypted): owner-only, like the vault. */
const EXPORT_FILE_MODE = 0o600;

const add: Command = {
  summary: 'add the account of an otpauth:// URI (from a QR code) to the vault',
  usage: 'otp add <otpauth-uri> [--json]',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 1, 1);
    const account = await withCliVault(context, (vault) => vault.add(positionals[0]!));
    writeLine(context.stdout, values.json ? JSON.stringify(account) : `Added ${accountName(account)} (${account.id}).`);
    return ExitCode.ok;
  },
};

const list: Command = {
  summary: 'list the accounts in the vault (never their secrets)',
  usage: 'otp list [--json]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 0);
    const accounts = await withCliVault(context, (vault) => vault.list());
    if (values.json) writeLine(context.stdout, JSON.stringify(accounts));
    else if (accounts.length === 0) writeLine(context.stdout, 'No accounts in the vault; add one with tessera otp add <otpauth-uri>.');
    else writeLine(context.stdout, accounts.map(formatAccountLine).join('\n'));
    return ExitCode.ok;
  },
};

const code: Command = {
  summary: 'print the current code of an account (HOTP: the next code, advancing its counter)',
  usage: 'otp code <label-or-id>',
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, this.usage, 1, 1);
    const query = positionals[0]!;
    const view = await withCliVault(context, (vault) => {
      const matches = matchAccounts(vault.list(), query);
      if (matches.length === 0) throw new AccountNotFoundError(`no account matches "${query}"`);
      // Never guess between several: a wrong HOTP code would also burn that account's counter.
      if (matches.length > 1) throw new CliError(`"${query}" matches several accounts:\n${matches.map(accountName).join('\n')}`);
      return vault.code(matches[0]!.id, context.clock.now());
    });
    // Only the code, so `$(tessera otp code github)` gives exactly it.
    writeLine(context.stdout, view.code);
    return ExitCode.ok;
  },
};

const remove: Command = {
  summary: 'delete an account from the vault',
  usage: 'otp remove <label-or-id>',
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, this.usage, 1, 1);
    const removed = await withCliVault(context, (vault) => {
      const account = vault.resolve(positionals[0]!);
      vault.remove(account.id);
      return account;
    });
    writeLine(context.stdout, `Removed ${accountName(removed)} (${removed.id}).`);
    return ExitCode.ok;
  },
};

const exportCommand: Command = {
  summary: 'export every account: otpauth URIs (plain) or a password-encrypted backup',
  usage: 'otp export [--encrypted] [--out FILE]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { encrypted: { type: 'boolean' }, out: { type: 'string' } }, this.usage, 0, 0);
    const password = values.encrypted ? await backupPassword(context, { confirm: true }) : undefined;
    const { text, count } = await withCliVault(context, async (vault) => ({
      text: password === undefined ? vault.exportPlain() : await vault.exportEncrypted(password, context.clock.now()),
      count: vault.list().length,
    }));
    if (values.out === undefined) {
      context.stdout.write(text);
      return ExitCode.ok;
    }
    await writeFile(values.out, text, { mode: EXPORT_FILE_MODE });
    await chmod(values.out, EXPORT_FILE_MODE); // an existing file keeps its old mode otherwise
    const what = password === undefined ? 'otpauth URIs: the secrets are in plain text, keep the file safe' : 'encrypted backup';
    writeLine(context.stderr, `Exported ${count} account${count === 1 ? '' : 's'} to ${values.out} (${what}).`);
    return ExitCode.ok;
  },
};

function isEncryptedBackup(text: string): boolean {
  try {
    return isBackupEnvelope(JSON.parse(text));
  } catch {
    return false;
  }
}

const importCommand: Command = {
  summary: 'import accounts (otpauth list, Google Authenticator export, Aegis/2FAS JSON, Tessera backup); all or nothing',
  usage: 'otp import <file> [--password-env VAR]',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { 'password-env': { type: 'string' } }, this.usage, 1, 1);
    const file = positionals[0]!;
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    const password = isEncryptedBackup(text) ? await backupPassword(context, { variable: values['password-env'], confirm: false }) : undefined;
    const report = await withCliVault(context, (vault) => vault.importText(text, { nowMs: context.clock.now(), password }));
    writeLine(context.stdout, formatImportReport(report));
    return ExitCode.ok;
  },
};

export const otpCommands = {
  summary: 'the authenticator vault: one-time codes for your accounts (keys in the OS keychain)',
  commands: { add, list, code, remove, export: exportCommand, import: importCommand },
};
