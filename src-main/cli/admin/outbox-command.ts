import { setTimeout as delay } from 'node:timers/promises';
import type { AdminApi, OutboxMessageView } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { CliError, ExitCode, writeLine, type CliContext } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand } from './admin-command';
import { withAdminService } from './admin-service';
import { positiveInteger } from './numbers';
import { formatTable, plural, shortDate } from './table';

const DEFAULT_TAKE = 20;
/** The server's page limit. */
const MAX_TAKE = 100;
/** How often `--follow` asks for messages after the newest seen. */
const FOLLOW_INTERVAL_MS = 1_000;

const HEADERS = ['DATE', 'CHANNEL', 'RECIPIENT', 'CODE', 'MESSAGE'];
/** The message on one line: a table row, or a --follow line, must not break across the terminal. */
const oneLine = (message: OutboxMessageView) => (message.subject ? `${message.subject}: ${message.message}` : message.message).replace(/\s+/g, ' ').trim();
const row = (message: OutboxMessageView) => [shortDate(message.createdAt), message.channel, message.recipient, message.code, oneLine(message)];

const FOLLOW_WIDTHS = [20, 7, 20, 8];
const followLine = (cells: string[]) => cells.map((cell, i) => (i < FOLLOW_WIDTHS.length ? terminalSafe(cell).padEnd(FOLLOW_WIDTHS[i]!) : terminalSafe(cell))).join('  ');

function unavailable(reason: string): never {
  throw new CliError(reason, ExitCode.failure);
}

function print(context: CliContext, messages: OutboxMessageView[], json: boolean): void {
  if (messages.length === 0) return;
  // --follow prints as it goes: NDJSON (one message a line) in machine mode.
  if (json) writeLine(context.stdout, messages.map((message) => JSON.stringify(message)).join('\n'));
  else writeLine(context.stdout, messages.map((message) => followLine(row(message))).join('\n'));
}

/** Prints the newest `take`, oldest of them first, then each message kept after them until Ctrl-C. */
async function follow(service: AdminApi, context: CliContext, take: number, showRecipient: boolean, json: boolean): Promise<void> {
  const first = await service.outbox({ from: null, take, showRecipient });
  if (!first.available) unavailable(first.reason);
  if (!json) writeLine(context.stdout, followLine(HEADERS).trimEnd());
  print(context, [...first.messages].reverse(), json);
  let checkpoint = first.messages[0]?.id ?? null;
  while (!context.signal.aborted) {
    const batch = await service.outbox({ from: checkpoint, take: MAX_TAKE, showRecipient });
    if (!batch.available) unavailable(batch.reason);
    // An empty outbox has no id to follow from yet: the newest ones are the news, oldest first.
    const fresh = checkpoint === null ? [...batch.messages].reverse() : batch.messages;
    print(context, fresh, json);
    checkpoint = fresh.at(-1)?.id ?? checkpoint;
    if (batch.messages.length < MAX_TAKE) await delay(FOLLOW_INTERVAL_MS, undefined, { signal: context.signal }).catch(() => undefined);
  }
}

export const outbox: Command = adminCommand({
  summary: "the messages (SMS, voice, email) a Tessera server kept in its developer outbox instead of sending, codes shown; --follow prints new ones until Ctrl-C",
  usage: 'admin outbox [--take N] [--show-recipient] [--follow] [--json]',
  async run(args, context) {
    const options = { take: { type: 'string' }, 'show-recipient': { type: 'boolean' }, follow: { type: 'boolean' }, json: { type: 'boolean' } } as const;
    const { values } = parseCommandLine(args, options, this.usage, 0, 0);
    const take = positiveInteger(values.take ?? String(DEFAULT_TAKE), '--take', MAX_TAKE);
    const json = values.json === true;
    const showRecipient = values['show-recipient'] === true;
    if (values.follow) {
      await withAdminService(context, (service) => follow(service, context, take, showRecipient, json));
      return ExitCode.ok;
    }
    const page = await withAdminService(context, (service) => service.outbox({ from: null, take, showRecipient }));
    if (!page.available) unavailable(page.reason);
    if (json) writeLine(context.stdout, JSON.stringify(page.messages));
    else if (page.messages.length === 0) writeLine(context.stdout, 'The outbox is empty: no code has been sent since it was last cleared.');
    else writeLine(context.stdout, `${formatTable(HEADERS, page.messages.map(row))}\n\n${plural(page.messages.length, 'message')}, newest first.`);
    return ExitCode.ok;
  },
});
