import { setTimeout as delay } from 'node:timers/promises';
import type { AdminApi, LogEventView } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { ExitCode, writeLine, type CliContext } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand } from './admin-command';
import { withAdminService } from './admin-service';
import { matchesLogFilter, parseLogQuery, type LogFilter } from './log-query';
import { positiveInteger } from './numbers';
import { formatTable, plural, shortDate } from './table';

const DEFAULT_TAKE = 50;
/** Auth0 returns at most 100 events per page or checkpoint call. */
const MAX_TAKE = 100;
/** How often `--follow` asks for events after the checkpoint. */
const FOLLOW_INTERVAL_MS = 1_000;

const row = (event: LogEventView) => [shortDate(event.date), event.type, event.typeLabel, event.userName ?? event.userId, event.clientName, event.ip];
const HEADERS = ['DATE', 'TYPE', 'EVENT', 'USER', 'APPLICATION', 'IP'];

/** Batches arrive one by one, so --follow pads to fixed widths instead of measuring a table. */
const FOLLOW_WIDTHS = [20, 12, 30, 24, 24];
const followLine = (cells: (string | null)[]) =>
  cells.map((cell, i) => (i < FOLLOW_WIDTHS.length ? terminalSafe(cell ?? '-').padEnd(FOLLOW_WIDTHS[i]!) : terminalSafe(cell ?? '-'))).join('  ');

function print(context: CliContext, events: LogEventView[], json: boolean): void {
  if (events.length === 0) return;
  // --follow prints as it goes: NDJSON (one event a line) in machine mode.
  if (json) writeLine(context.stdout, events.map((event) => JSON.stringify(event)).join('\n'));
  else writeLine(context.stdout, events.map((event) => followLine(row(event))).join('\n'));
}

/** Tails events after the newest one with Auth0's `from`/`take` checkpoints until Ctrl-C. */
async function tail(service: AdminApi, context: CliContext, filter: LogFilter, take: number, json: boolean): Promise<void> {
  const newest = await service.logs({ types: [], page: 0, perPage: 1 });
  const recent = await service.logs({ ...filter, page: 0, perPage: take });
  if (!json) writeLine(context.stdout, followLine(HEADERS).trimEnd());
  print(context, [...recent.events].reverse(), json);
  let checkpoint = newest.events[0]?.logId ?? null;
  while (!context.signal.aborted) {
    const batch = await service.tailLogs({ from: checkpoint, take: MAX_TAKE });
    print(context, batch.events.filter((event) => matchesLogFilter(event, filter)), json);
    checkpoint = batch.checkpoint ?? checkpoint;
    if (batch.events.length < MAX_TAKE) await delay(FOLLOW_INTERVAL_MS, undefined, { signal: context.signal }).catch(() => undefined);
  }
}

export const logs: Command = adminCommand({
  summary: 'the audit log, newest first; --follow tails it until Ctrl-C (query terms: type:CODE,CODE user_id:ID from:DATE to:DATE)',
  usage: 'admin logs [--query Q] [--take N] [--follow] [--json]',
  async run(args, context) {
    const options = { query: { type: 'string' }, take: { type: 'string' }, follow: { type: 'boolean' }, json: { type: 'boolean' } } as const;
    const { values } = parseCommandLine(args, options, this.usage, 0, 0);
    const filter = parseLogQuery(values.query ?? '');
    const take = positiveInteger(values.take ?? String(DEFAULT_TAKE), '--take', MAX_TAKE);
    const json = values.json === true;
    if (values.follow) {
      await withAdminService(context, (service) => tail(service, context, filter, take, json));
      return ExitCode.ok;
    }
    const page = await withAdminService(context, (service) => service.logs({ ...filter, page: 0, perPage: take }));
    if (json) writeLine(context.stdout, JSON.stringify(page));
    else if (page.events.length === 0) writeLine(context.stdout, 'No events match.');
    else writeLine(context.stdout, `${formatTable(HEADERS, page.events.map(row))}\n\n${page.events.length} of ${plural(page.total, 'event')}, newest first.`);
    return ExitCode.ok;
  },
});
