import { GuardianApiError, type TicketEnrollment } from '../push-device';
import { parseCommandLine } from './args';
import { CliError, ExitCode, writeLine } from './context';
import { openCliDevice, selectAccount } from './device-context';
import { listenCommand } from './device-listen';
import { enrollTarget } from './enroll-target';
import { formatAccount, publicAccount, recoveryCodeNotice } from './format';
import type { Command } from './router';

/**
 * A spent, expired or unknown ticket answers as an unknown enrollment transaction (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/guardian-error-code-reference); say what
 * that means for a ticket, on one line.
 */
function explainTicketRefusal(error: unknown): TicketEnrollment {
  if (error instanceof GuardianApiError && error.status === 404 && error.errorCode === 'enrollment_transaction_not_found') {
    throw new CliError('this enrollment ticket was already used, has expired or is not known to the server '
      + '(404 enrollment_transaction_not_found); ask your administrator for a new enrollment link');
  }
  throw error;
}

const enroll: Command = {
  summary: "enroll for push: /mfa/associate's barcode_uri, or an enrollment ticket's QR code, ticket_url or tessera:// link "
    + "(a first enrollment's recovery code is printed once, never stored)",
  usage: 'device enroll <barcode_uri | ticket_url> [--name N] [--json]',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { name: { type: 'string' }, json: { type: 'boolean' } }, this.usage, 1, 1);
    const target = enrollTarget(positionals[0]!);
    const { device, identifier } = openCliDevice(context);
    const input = { name: values.name ?? context.hostname, identifier: await identifier() };
    const { account, recoveryCode } = target.kind === 'ticket'
      ? await device.enrollWithTicket({ ticket: target.ticket, issuer: target.issuer, ...input }).catch(explainTicketRefusal)
      // The transaction's recovery code, if any, came with /mfa/associate.
      : { account: await device.enroll({ barcodeUri: target.barcodeUri, ...input }), recoveryCode: null };
    // The recovery code is printed, never stored: the CLI's data folder holds only the key and the account.
    if (values.json) {
      writeLine(context.stdout, JSON.stringify({ ...publicAccount(account), ...(recoveryCode === null ? {} : { recovery_code: recoveryCode }) }));
    } else {
      writeLine(context.stdout, `Enrolled for push:\n${formatAccount(account)}`);
      if (recoveryCode !== null) writeLine(context.stdout, `\n${recoveryCodeNotice(account, recoveryCode)}`);
    }
    return ExitCode.ok;
  },
};

const list: Command = {
  summary: 'list the push enrollments stored on this device',
  usage: 'device list [--json]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 0);
    const accounts = await openCliDevice(context).device.accounts();
    if (values.json) writeLine(context.stdout, JSON.stringify(accounts.map(publicAccount)));
    else if (accounts.length === 0) writeLine(context.stdout, 'No push enrollments on this device.');
    else writeLine(context.stdout, accounts.map(formatAccount).join('\n\n'));
    return ExitCode.ok;
  },
};

const remove: Command = {
  summary: 'unenroll on the server and delete the local key (--forget: local only)',
  usage: 'device remove [enrollment_id] [--forget]',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { forget: { type: 'boolean' } }, this.usage, 0, 1);
    const { device } = openCliDevice(context);
    const account = selectAccount(await device.accounts(), positionals[0]);
    if (values.forget) {
      await device.forget(account);
      writeLine(context.stdout, `Forgot ${account.enrollmentId} on this device (the server was not told).`);
      return ExitCode.ok;
    }
    const result = await device.unenroll(account).catch((error: unknown) => {
      if (!(error instanceof GuardianApiError && (error.status === 401 || error.status === 403))) throw error;
      throw new CliError(`the server refused to remove ${account.enrollmentId} (${error.message}); `
        + `if it no longer knows this device, "tessera device remove ${account.enrollmentId} --forget" deletes the local copy`);
    });
    const note = result === 'already_gone' ? ' (the server had already removed it)' : '';
    writeLine(context.stdout, `Removed ${account.enrollmentId}${note}.`);
    return ExitCode.ok;
  },
};

const rename: Command = {
  summary: 'change the device name the server shows for an enrollment',
  usage: 'device rename <name> [enrollment_id]',
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, this.usage, 1, 2);
    const { device } = openCliDevice(context);
    const account = selectAccount(await device.accounts(), positionals[1]);
    const renamed = await device.rename(account, positionals[0]!);
    writeLine(context.stdout, `Renamed ${renamed.enrollmentId} to ${renamed.name}.`);
    return ExitCode.ok;
  },
};

export const deviceCommands = {
  summary: 'this machine as a push authenticator (Guardian protocol)',
  commands: { enroll, list, listen: listenCommand, remove, rename },
};
