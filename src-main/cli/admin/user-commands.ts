import { TicketFactor, UserFilter, type TicketRequest } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { CliError, ExitCode, writeLine } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand, requireYes } from './admin-command';
import { withAdminService } from './admin-service';
import { positiveInteger } from './numbers';
import { formatUserDetail, formatUserPage } from './user-format';

const FILTERS: Record<string, UserFilter> = { all: UserFilter.all, enrolled: UserFilter.enrolled, 'not-enrolled': UserFilter.notEnrolled, 'push-locked': UserFilter.pushLocked };
const DEFAULT_PER_PAGE = 50;
/** Auth0's `per_page` limit for GET /api/v2/users, which the service keeps too. */
const MAX_PER_PAGE = 100;

export const users: Command = adminCommand({
  summary: 'list users: email, user id, enrolled MFA, last login, created (search by email, name, user id or email:ada*)',
  usage: 'admin users [--query Q] [--filter all|enrolled|not-enrolled|push-locked] [--page N] [--per-page N] [--json]',
  async run(args, context) {
    const options = { query: { type: 'string' }, filter: { type: 'string' }, page: { type: 'string' }, 'per-page': { type: 'string' }, json: { type: 'boolean' } } as const;
    const { values } = parseCommandLine(args, options, this.usage, 0, 0);
    const filter = FILTERS[values.filter ?? 'all'];
    if (filter === undefined) throw new CliError(`--filter must be one of ${Object.keys(FILTERS).join(', ')}`, ExitCode.usage);
    const query = {
      search: values.query ?? '',
      filter,
      page: positiveInteger(values.page ?? '1', '--page') - 1,
      perPage: positiveInteger(values['per-page'] ?? String(DEFAULT_PER_PAGE), '--per-page', MAX_PER_PAGE),
    };
    const page = await withAdminService(context, (service) => service.listUsers(query));
    writeLine(context.stdout, values.json ? JSON.stringify(page) : formatUserPage(page));
    return ExitCode.ok;
  },
});

export const user: Command = adminCommand({
  summary: "a user's profile and authenticators (by email or user id)",
  usage: 'admin user <email|user_id> [--json]',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 1, 1);
    const detail = await withAdminService(context, (service) => service.getUser(positionals[0]!));
    writeLine(context.stdout, values.json ? JSON.stringify(detail) : formatUserDetail(detail));
    return ExitCode.ok;
  },
});

export const removeAuthenticator: Command = adminCommand({
  summary: 'delete one authenticator of a user (push takes its OTP with it, SMS its voice)',
  usage: 'admin remove-authenticator <user> <authenticator-id> --yes',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { yes: { type: 'boolean' } }, this.usage, 2, 2);
    const [who, id] = positionals as [string, string];
    requireYes(values.yes, `this deletes authenticator ${terminalSafe(id)} of ${terminalSafe(who)}`);
    const removed = await withAdminService(context, async (service) => {
      const detail = await service.getUser(who);
      await service.removeAuthenticator(detail.userId, id);
      return { detail, with: detail.authenticators.find((a) => a.id === id)?.removedWith ?? [] };
    });
    const also = removed.with.length === 0 ? '' : ` (and with it ${removed.with.map((a) => `${a.kind} ${a.id}`).join(', ')})`;
    writeLine(context.stdout, terminalSafe(`Removed authenticator ${id}${also} from ${removed.detail.email ?? removed.detail.userId}.`));
    return ExitCode.ok;
  },
});

export const reset: Command = adminCommand({
  summary: "remove every authenticator of a user: they enroll again at their next login",
  usage: 'admin reset <user> --yes',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { yes: { type: 'boolean' } }, this.usage, 1, 1);
    requireYes(values.yes, `this removes every authenticator of ${terminalSafe(positionals[0]!)}`);
    const detail = await withAdminService(context, async (service) => {
      const found = await service.getUser(positionals[0]!);
      // --yes stands for the console's typed confirmation: the service checks the same email.
      await service.resetMfa(found.userId, found.email ?? found.userId);
      return found;
    });
    const count = detail.authenticators.length;
    writeLine(context.stdout, terminalSafe(`Reset MFA of ${detail.email ?? detail.userId}: ${count} authenticator${count === 1 ? '' : 's'} removed.`));
    return ExitCode.ok;
  },
});

export const recoveryCode: Command = adminCommand({
  summary: 'replace the recovery code of a user and print only the new code (shown once)',
  usage: 'admin recovery-code <user>',
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, this.usage, 1, 1);
    const result = await withAdminService(context, async (service) => service.regenerateRecoveryCode((await service.getUser(positionals[0]!)).userId));
    writeLine(context.stdout, result.recoveryCode);
    return ExitCode.ok;
  },
});

const TICKET_FACTORS = Object.values(TicketFactor) as string[];

export const ticket: Command = adminCommand({
  summary: 'create an enrollment ticket and print only its URL (--send-mail also emails it)',
  usage: 'admin ticket <user> [--factor otp|push-notification] [--send-mail]',
  async run(args, context) {
    const options = { factor: { type: 'string' }, 'send-mail': { type: 'boolean' } } as const;
    const { values, positionals } = parseCommandLine(args, options, this.usage, 1, 1);
    if (values.factor !== undefined && !TICKET_FACTORS.includes(values.factor)) throw new CliError(`--factor must be one of ${TICKET_FACTORS.join(', ')}`, ExitCode.usage);
    const result = await withAdminService(context, async (service) => {
      const request: TicketRequest = { userId: (await service.getUser(positionals[0]!)).userId, sendMail: values['send-mail'] === true };
      if (values.factor !== undefined) request.factor = values.factor as TicketFactor;
      return service.createTicket(request);
    });
    writeLine(context.stdout, result.ticketUrl);
    if (result.mailed) writeLine(context.stderr, 'The link was also emailed to the user.');
    return ExitCode.ok;
  },
});
