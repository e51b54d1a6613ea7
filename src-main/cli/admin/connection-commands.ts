import { AdminError, AdminErrorKind, type AdminConnectionView } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { CliError, ExitCode, writeLine } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand, LoginRefusedError } from './admin-command';
import { withAdminService } from './admin-service';
import { readClientSecret } from './client-secret';

const describe = (connection: AdminConnectionView) => `${terminalSafe(connection.baseUrl)} as client ${terminalSafe(connection.clientId ?? '-')}`;

export const login: Command = adminCommand({
  summary: 'check a Management API client by getting a token, then keep it as the connection to use (secret from $TESSERA_ADMIN_CLIENT_SECRET, stdin or a prompt; kept in the OS keychain)',
  usage: 'admin login <base-url> --client-id ID [--label NAME] [--json]',
  async run(args, context) {
    const options = { 'client-id': { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } } as const;
    const { values, positionals } = parseCommandLine(args, options, this.usage, 1, 1);
    if (values['client-id'] === undefined) throw new CliError(`--client-id is required\nusage: tessera ${this.usage}`, ExitCode.usage);
    const clientSecret = await readClientSecret(context);
    const input = { baseUrl: positionals[0]!, clientId: values['client-id'], clientSecret, ...(values.label === undefined ? {} : { label: values.label }) };
    const connection = await withAdminService(context, (service) => service.addRemoteConnection(input)).catch((error: unknown) => {
      if (!(error instanceof AdminError) || error.kind !== AdminErrorKind.unauthorized) throw error;
      throw new LoginRefusedError(error.kind, `${input.baseUrl} refused client ${input.clientId} with this secret (wrong secret, or a deleted client): nothing was saved`);
    });
    writeLine(context.stdout, values.json ? JSON.stringify(connection) : `Logged in to ${describe(connection)}; the secret is in the OS keychain.`);
    return ExitCode.ok;
  },
});

/** The connection a command means: the one at `baseUrl`, else the active one. */
function chooseConnection(connections: AdminConnectionView[], baseUrl: string | undefined): AdminConnectionView {
  const wanted = baseUrl === undefined ? undefined : baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const found = connections.find((c) => c.kind === 'remote' && (wanted === undefined ? c.active : c.baseUrl === wanted));
  if (!found) throw new CliError(wanted === undefined ? 'not logged in to any server' : `no saved connection to ${terminalSafe(wanted)}`);
  return found;
}

export const logout: Command = adminCommand({
  summary: 'forget the current connection (or the one at <base-url>) and delete its secret from the keychain',
  usage: 'admin logout [<base-url>] [--json]',
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 1);
    const removed = await withAdminService(context, async (service) => {
      const connection = chooseConnection(await service.connections(), positionals[0]);
      await service.removeConnection(connection.id);
      return connection;
    });
    writeLine(context.stdout, values.json ? JSON.stringify({ removed: removed.id }) : `Logged out of ${describe(removed)}.`);
    return ExitCode.ok;
  },
});

export const connections: Command = adminCommand({
  summary: 'list the saved connections (never a secret)',
  usage: 'admin connections [--json]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 0);
    const list = (await withAdminService(context, (service) => service.connections())).filter((c) => c.kind === 'remote');
    if (values.json) writeLine(context.stdout, JSON.stringify(list));
    else if (list.length === 0) writeLine(context.stdout, 'No connections; add one with tessera admin login <base-url> --client-id ID.');
    else writeLine(context.stdout, list.map((c) => `${c.active ? '*' : ' '} ${describe(c)}${c.secretStored ? '' : ' (no secret in the keychain)'}`).join('\n'));
    return ExitCode.ok;
  },
});
