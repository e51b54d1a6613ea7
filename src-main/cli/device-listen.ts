import { MATCHING_NUMBER, type DeviceAccount, type PushDevice, type PushRequest, type StreamState } from '../push-device';
import { parseCommandLine } from './args';
import { CliError, ExitCode, writeLine, type CliContext } from './context';
import { createDecisionPrompt, type Decision } from './decision-prompt';
import { openCliDevice, selectAccount } from './device-context';
import { formatRequest } from './format';
import type { Command } from './router';

const USAGE = 'device listen [enrollment_id] [--approve [--number NN] | --deny [--reason R]] [--once]';
const OPTIONS = {
  approve: { type: 'boolean' }, deny: { type: 'boolean' }, number: { type: 'string' },
  reason: { type: 'string' }, once: { type: 'boolean' },
} as const;

function stateReporter(context: CliContext, account: DeviceAccount) {
  let opened = false;
  return function reportState(state: StreamState): void {
    const tag = `[${account.enrollmentId}]`;
    if (state.status === 'open') {
      writeLine(context.stderr, opened ? `${tag} reconnected` : `${tag} listening for login requests for ${account.userId} at ${account.baseUrl} (Ctrl-C to stop)`);
      opened = true;
    } else if (state.status === 'retrying') {
      writeLine(context.stderr, `${tag} ${state.reason}; reconnecting in ${(state.delayMs / 1000).toFixed(1)} s`);
    } else if (state.status === 'closed' && state.reason === 'rejected') {
      writeLine(context.stderr, `${tag} the server refused the stream (${state.error.message}): this device was unenrolled `
        + `or its key does not match. "tessera device remove ${account.enrollmentId} --forget" deletes the local copy.`);
    }
  };
}

async function resolveRequest(device: PushDevice, account: DeviceAccount, request: PushRequest, decision: Decision): Promise<string> {
  if (decision.action === 'approve') {
    await device.approve(account, request, decision.number);
    return decision.number ? `approved with ${decision.number}` : 'approved';
  }
  await device.deny(account, request, decision.reason);
  return decision.reason ? `denied (${decision.reason})` : 'denied';
}

function checkFlags(values: { approve?: boolean; deny?: boolean; number?: string; reason?: string }): void {
  const fail = (message: string) => {
    throw new CliError(`${message}\nusage: tessera ${USAGE}`, ExitCode.usage);
  };
  if (values.approve && values.deny) fail('--approve and --deny exclude each other');
  if (values.number !== undefined && (!values.approve || !MATCHING_NUMBER.test(values.number))) fail('--number NN (two digits) goes with --approve');
  if (values.reason !== undefined && !values.deny) fail('--reason goes with --deny');
}

export const listenCommand: Command = {
  summary: 'print login requests and approve or deny them (asks unless --approve/--deny)',
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS, USAGE, 0, 1);
    checkFlags(values);
    const { device } = openCliDevice(context);
    const stored = await device.accounts();
    const accounts = positionals[0] === undefined ? stored : [selectAccount(stored, positionals[0])];
    if (accounts.length === 0) throw new CliError('this device has no push enrollments; run tessera device enroll first');

    const controller = new AbortController();
    let interrupted = false;
    const interrupt = () => ((interrupted = true), controller.abort());
    context.signal.addEventListener('abort', interrupt, { once: true });
    const prompt = values.approve || values.deny ? null : createDecisionPrompt(context, interrupt);
    let queue = Promise.resolve();
    let lastFailed = false;

    async function handle(account: DeviceAccount, request: PushRequest): Promise<void> {
      if (controller.signal.aborted) return;
      writeLine(context.stdout, formatRequest(account, request));
      const choices = request.notification.tessera.number_choices;
      let decision: Decision | null;
      if (values.deny) decision = { action: 'deny', reason: values.reason };
      else if (!values.approve) decision = await prompt!.ask(request, controller.signal);
      else if (choices !== null && values.number === undefined) {
        writeLine(context.stderr, 'this login uses number matching: pass --number NN to approve it; left pending');
        decision = null;
      } else decision = { action: 'approve', number: values.number };
      if (decision === null) return;
      try {
        writeLine(context.stdout, await resolveRequest(device, account, request, decision));
        lastFailed = false;
      } catch (error) {
        writeLine(context.stderr, `could not resolve ${request.transactionId}: ${error instanceof Error ? error.message : String(error)}`);
        lastFailed = true;
      }
      if (values.once) controller.abort();
    }

    const results = await Promise.all(accounts.map((account) => device.openStream(account, {
      signal: controller.signal,
      onRequest: (request) => void (queue = queue.then(() => handle(account, request))),
      onState: stateReporter(context, account),
      onWarning: (message) => writeLine(context.stderr, `[${account.enrollmentId}] ${message}`),
    })));
    controller.abort();
    await queue;
    prompt?.close();
    context.signal.removeEventListener('abort', interrupt);
    if (interrupted) return ExitCode.interrupted;
    if (results.some((result) => result.reason === 'rejected') || lastFailed) return ExitCode.failure;
    return ExitCode.ok;
  },
};
