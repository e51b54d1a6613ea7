import { CliError, ExitCode, writeLine, type CliContext } from './context';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], context: CliContext): Promise<ExitCode>;
}

export interface CommandGroup {
  summary: string;
  commands: Record<string, Command>;
}

/**
 * `tessera <group> <command> …`: `device` (push), `otp` (the authenticator vault), `admin`. A group's code
 * is loaded only when it runs or help lists it, so `tessera otp list` never loads the push client or the
 * Management API code: start-up time is most of what a one-shot command costs.
 */
export type CommandTable = Record<string, () => Promise<CommandGroup>>;

const isHelp = (word: string | undefined) => word === undefined || word === 'help' || word === '--help' || word === '-h';

function printOverview(groups: Record<string, CommandGroup>, context: CliContext): void {
  writeLine(context.stdout, 'usage: tessera <command> [options]\n');
  for (const [groupName, group] of Object.entries(groups)) {
    writeLine(context.stdout, `${groupName}: ${group.summary}`);
    for (const command of Object.values(group.commands)) {
      writeLine(context.stdout, `  tessera ${command.usage}\n      ${command.summary}`);
    }
  }
}

export async function route(table: CommandTable, argv: string[], context: CliContext): Promise<ExitCode> {
  const [groupName, commandName, ...rest] = argv;
  if (isHelp(groupName)) {
    const groups = await Promise.all(Object.entries(table).map(async ([name, load]) => [name, await load()] as const));
    printOverview(Object.fromEntries(groups), context);
    return groupName === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const load = Object.hasOwn(table, groupName!) ? table[groupName!] : undefined;
  if (!load) throw new CliError(`unknown command "${groupName}"; see tessera help`, ExitCode.usage);
  const group = await load();
  if (isHelp(commandName)) {
    printOverview({ [groupName!]: group }, context);
    return commandName === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = Object.hasOwn(group.commands, commandName!) ? group.commands[commandName!] : undefined;
  if (!command) throw new CliError(`unknown command "${groupName} ${commandName}"; see tessera ${groupName} help`, ExitCode.usage);
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(context.stdout, `usage: tessera ${command.usage}\n\n${command.summary}`);
    return ExitCode.ok;
  }
  return command.run(rest, context);
}
