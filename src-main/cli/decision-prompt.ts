import { createInterface } from 'node:readline/promises';
import { DenyReason, type PushRequest } from '../push-device';
import { writeLine, type CliContext } from './context';

export type Decision = { action: 'approve'; number?: string } | { action: 'deny'; reason?: string };

/** What one typed answer means: a decision, or a hint to show before asking again. */
export function parseAnswer(answer: string, choices: string[] | null): Decision | { retry: string } {
  const typed = answer.trim().toLowerCase();
  if (typed === 'd') return { action: 'deny' };
  if (typed === 'n') return { action: 'deny', reason: DenyReason.notMe };
  if (choices === null) {
    return typed === 'y' || typed === 'yes' ? { action: 'approve' } : { retry: 'type y, d or n' };
  }
  if (choices.includes(typed)) return { action: 'approve', number: typed };
  return { retry: `type one of ${choices.join(', ')}, or d or n` };
}

export function questionFor(choices: string[] | null): string {
  return choices === null
    ? "approve? y to approve (or d to deny, n for 'this was not me'): "
    : `approve? pick the number shown on the login screen [${choices.join(' / ')}] (or d to deny, n for 'this was not me'): `;
}

export interface DecisionPrompt {
  /** Resolves null when the signal aborts or stdin has ended. */
  ask(request: PushRequest, signal: AbortSignal): Promise<Decision | null>;
  close(): void;
}

/**
 * Asks on the terminal. Lines are queued as they arrive, so answers piped in before a request shows up
 * still count; `onInterrupt` runs on Ctrl-C, which readline takes over from the process while it owns a TTY.
 */
export function createDecisionPrompt(context: CliContext, onInterrupt: () => void): DecisionPrompt {
  const rl = createInterface({ input: context.stdin, output: context.stdout });
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let ended = false;
  rl.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : lines.push(line)));
  rl.once('close', () => ((ended = true), waiting?.(null), (waiting = null)));
  rl.on('SIGINT', onInterrupt);

  function nextLine(signal: AbortSignal): Promise<string | null> {
    if (lines.length > 0) return Promise.resolve(lines.shift()!);
    if (ended || signal.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      waiting = resolve;
      signal.addEventListener('abort', () => waiting === resolve && ((waiting = null), resolve(null)), { once: true });
    });
  }

  async function ask(request: PushRequest, signal: AbortSignal): Promise<Decision | null> {
    const choices = request.notification.tessera.number_choices;
    for (;;) {
      rl.setPrompt(questionFor(choices));
      rl.prompt();
      const answer = await nextLine(signal);
      if (answer === null) {
        if (ended) writeLine(context.stdout, '\n(stdin has ended: the request stays pending; --approve or --deny decide without a terminal)');
        return null;
      }
      const parsed = parseAnswer(answer, choices);
      if (!('retry' in parsed)) return parsed;
      writeLine(context.stdout, parsed.retry);
    }
  }

  return {
    ask,
    close() {
      rl.removeListener('SIGINT', onInterrupt);
      rl.close();
    },
  };
}
