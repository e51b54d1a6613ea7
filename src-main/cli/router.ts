import { CliError, ExitCode, writeLine, type CliContext } from './context';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], context: CliContext): Promise<ExitCode>;
}

/** `tessera <group> <command> …`: `device` (push) and `otp` (the authenticator vault). */
export type CommandTable = Record<string, { summary: string; commands: Record<string, Command> }>;

const isHelp = (word: string | undefined) => word === undefined || word === 'help' || word === '--help' || word === '-h';

function printOverview(table: CommandTable, context: CliContext): void {
  writeLine(context.stdout, 'usage: tessera <command> [options]\n');
  for (const [groupName, group] of Object.entries(table)) {
    writeLine(context.stdout, `${groupName}: ${group.summary}`);
    for (const command of Object.values(group.commands)) {
      writeLine(context.stdout, `  tessera ${command.usage}\n      ${command.summary}`);
    }
  }
}

export async function route(table: CommandTable, argv: string[], context: CliContext): Promise<ExitCode> {
  const [groupName, commandName, ...rest] = argv;
  if (isHelp(groupName)) {
    printOverview(table, context);
    return groupName === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const group = Object.hasOwn(table, groupName!) ? table[groupName!] : undefined;
  if (!group) throw new CliError(`unknown command "${groupName}"; see tessera help`, ExitCode.usage);
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
