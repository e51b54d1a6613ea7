import type { LogStreamView } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { ExitCode, writeLine } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand } from './admin-command';
import { withAdminService } from './admin-service';
import { formatTable } from './table';

function formatStreams(streams: LogStreamView[]): string {
  if (streams.length === 0) return 'No log streams.';
  return formatTable(
    ['NAME', 'ID', 'STATUS', 'ENDPOINT', 'FORMAT'],
    // Names and URLs are the server's text: never let them drive the terminal.
    streams.map((stream) => [terminalSafe(stream.name), stream.id, stream.status, terminalSafe(stream.endpoint), stream.format]),
  );
}

export const logStreams: Command = adminCommand({
  summary: 'the HTTP log streams that send every audit event to a receiver (name, id, status, endpoint, format)',
  usage: 'admin log-streams [--json]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 0);
    const streams = await withAdminService(context, (service) => service.logStreams());
    writeLine(context.stdout, values.json ? JSON.stringify(streams) : formatStreams(streams));
    return ExitCode.ok;
  },
});
