import { setTimeout as delay } from 'node:timers/promises';
import type { AdminApi, BulkResetProgress, BulkSelection } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { CliError, ExitCode, writeLine, type CliContext } from '../context';
import type { Command } from '../router';
import { adminCommand } from './admin-command';
import { withAdminService } from './admin-service';
import { formatPreview, formatResults, progressBar, progressLine } from './bulk-format';

/** How often the job is asked for (GET /api/v2/jobs/{id}): often enough for a live bar, light on the server. */
const POLL_INTERVAL_MS = 250;

const isTerminal = (stream: NodeJS.WritableStream) => (stream as { isTTY?: boolean }).isTTY === true;

function selection(values: { query?: string; users?: string }): BulkSelection {
  if ((values.query === undefined) === (values.users === undefined)) throw new CliError('give either --query Q or --users ID,ID', ExitCode.usage);
  if (values.query !== undefined) return { query: values.query };
  const userIds = values.users!.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (userIds.length === 0) throw new CliError('--users needs at least one user id', ExitCode.usage);
  return { userIds };
}

/** Polls the job until it ends; progress goes to stderr (a redrawn bar on a terminal, plain lines otherwise). */
async function follow(service: AdminApi, started: BulkResetProgress, context: CliContext, quiet: boolean): Promise<BulkResetProgress> {
  const bar = isTerminal(context.stderr);
  let progress = started;
  let shown = '';
  for (;;) {
    const line = bar ? progressBar(progress) : progressLine(progress);
    if (!quiet && line !== shown) context.stderr.write(bar ? `\r${line}` : `${line}\n`);
    shown = line;
    if (progress.status === 'completed' || progress.status === 'failed') break;
    await delay(POLL_INTERVAL_MS, undefined, { signal: context.signal }).catch(() => {
      throw new CliError(`stopped watching; job ${progress.jobId} goes on on the server`, ExitCode.interrupted);
    });
    progress = await service.bulkResetProgress(progress.jobId);
  }
  if (bar && !quiet) writeLine(context.stderr);
  return progress;
}

export const bulkReset: Command = adminCommand({
  summary: 'reset MFA of many users: --dry-run lists each person and what would go; --yes does it, with progress',
  usage: 'admin bulk-reset (--query Q | --users ID,ID) (--dry-run | --yes) [--json]',
  async run(args, context) {
    const options = { query: { type: 'string' }, users: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, json: { type: 'boolean' } } as const;
    const { values } = parseCommandLine(args, options, this.usage, 0, 0);
    const chosen = selection(values);
    if (values['dry-run'] === values.yes) throw new CliError('give either --dry-run (to see what would go) or --yes (to reset)', ExitCode.usage);
    const json = values.json === true;
    if (values['dry-run']) {
      const preview = await withAdminService(context, (service) => service.previewBulkReset(chosen));
      writeLine(context.stdout, json ? JSON.stringify(preview) : formatPreview(preview));
      return ExitCode.ok;
    }
    const result = await withAdminService(context, async (service) => follow(service, await service.startBulkReset(chosen), context, json));
    writeLine(context.stdout, json ? JSON.stringify(result) : formatResults(result));
    return result.status === 'completed' ? ExitCode.ok : ExitCode.failure;
  },
});
