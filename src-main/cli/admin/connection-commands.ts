import { AdminError, AdminErrorKind, ConnectionKind, EMBEDDED_CONNECTION_ID, type AdminConnectionView } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { CliError, ExitCode, writeLine } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand, LoginRefusedError } from './admin-command';
import { withAdminService } from './admin-service';
import { readClientSecret } from './client-secret';

/** A remote connection's label when the admin chose one (`login --label`); the default is the URL's host, already shown. */
const chosenLabel = (connection: AdminConnectionView) => (connection.label === new URL(connection.baseUrl).host ? '' : ` (${terminalSafe(connection.label)})`);

const describe = (connection: AdminConnectionView) =>
  connection.kind === ConnectionKind.embedded
    ? `${connection.label} (${EMBEDDED_CONNECTION_ID}: the desktop app's server)`
    : `${terminalSafe(connection.baseUrl)} as client ${terminalSafe(connection.clientId ?? '-')}${chosenLabel(connection)}`;

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
  summary: "list the connections: This computer (once the desktop app's server has started) and the saved ones; never a secret",
  usage: 'admin connections [--json]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 0);
    const list = await withAdminService(context, (service) => service.connections());
    const stored = (c: AdminConnectionView) => c.kind === ConnectionKind.embedded || c.secretStored;
    if (values.json) writeLine(context.stdout, JSON.stringify(list));
    else if (list.length === 0) writeLine(context.stdout, 'No connections; add one with tessera admin login <base-url> --client-id ID.');
    else writeLine(context.stdout, list.map((c) => `${c.active ? '*' : ' '} ${describe(c)}${stored(c) ? '' : ' (no secret in the keychain)'}`).join('\n'));
    return ExitCode.ok;
  },
});

/** `this-computer`, a connection id, or the base URL of exactly one saved connection. */
function findConnection(list: AdminConnectionView[], wanted: string): AdminConnectionView {
  const byId = list.find((c) => c.id === wanted);
  if (byId) return byId;
  const url = wanted.endsWith('/') ? wanted : `${wanted}/`;
  const byUrl = list.filter((c) => c.kind === ConnectionKind.remote && c.baseUrl === url);
  if (byUrl.length === 1) return byUrl[0]!;
  if (byUrl.length > 1) throw new CliError(`several connections to ${terminalSafe(url)}: give the id (tessera admin connections --json)`);
  if (wanted === EMBEDDED_CONNECTION_ID) throw new CliError("This computer is not available: start the server in the desktop app's Server tab once");
  throw new CliError(`no connection ${terminalSafe(wanted)}: see tessera admin connections`);
}

export const use: Command = adminCommand({
  summary: `make a connection the one commands use: ${EMBEDDED_CONNECTION_ID}, a saved base URL, or a connection id (checked by getting a token)`,
  usage: `admin use <${EMBEDDED_CONNECTION_ID}|base-url|id> [--json]`,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 1, 1);
    const chosen = await withAdminService(context, async (service) => service.useCheckedConnection(findConnection(await service.connections(), positionals[0]!).id));
    writeLine(context.stdout, values.json ? JSON.stringify(chosen) : `Using ${describe(chosen)}.`);
    return ExitCode.ok;
  },
});
