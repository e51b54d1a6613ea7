import { MfaPolicy, type GuardianSettingsView } from '../../desktop/admin/types';
import { parseCommandLine } from '../args';
import { CliError, ExitCode, writeLine } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';
import { adminCommand } from './admin-command';
import { withAdminService } from './admin-service';
import { formatTable } from './table';

const onOff = (enabled: boolean) => (enabled ? 'on' : 'off');

function formatSettings(settings: GuardianSettingsView): string {
  const factors = formatTable(
    ['FACTOR', 'STATE', 'NOTE'],
    settings.factors.map((factor) => [factor.name, onOff(factor.enabled), factor.supported ? '' : 'not served by this server']),
  );
  const push = settings.push === null ? [] : [
    `Push number matching: ${onOff(settings.push.numberMatching)}`,
    `Push lock on "this wasn't me": ${onOff(settings.push.lockOnReject)}`,
  ];
  return [factors, '', `MFA policy: ${settings.policy}`, ...push].join('\n');
}

export const factors: Command = adminCommand({
  summary: 'the MFA factors (on or off), the MFA policy and the push settings',
  usage: 'admin factors [--json]',
  async run(args, context) {
    const { values } = parseCommandLine(args, { json: { type: 'boolean' } }, this.usage, 0, 0);
    const settings = await withAdminService(context, (service) => service.guardianSettings());
    writeLine(context.stdout, values.json ? JSON.stringify(settings) : formatSettings(settings));
    return ExitCode.ok;
  },
});

export const factor: Command = adminCommand({
  summary: 'turn one factor on or off (otp, push-notification, sms, email, recovery-code, …)',
  usage: 'admin factor <name> on|off',
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, this.usage, 2, 2);
    const [name, state] = positionals as [string, string];
    if (state !== 'on' && state !== 'off') throw new CliError(`the state must be on or off, not "${terminalSafe(state)}"`, ExitCode.usage);
    const view = await withAdminService(context, (service) => service.setFactor(name, state === 'on'));
    writeLine(context.stdout, `${terminalSafe(view.name)}: ${onOff(view.enabled)}`);
    return ExitCode.ok;
  },
});

const POLICIES = Object.values(MfaPolicy) as string[];

export const policy: Command = adminCommand({
  summary: 'when MFA is asked for: all-applications (every login) or never (only users who enrolled)',
  usage: 'admin policy all-applications|never',
  async run(args, context) {
    const { positionals } = parseCommandLine(args, {}, this.usage, 1, 1);
    const wanted = positionals[0]!;
    if (!POLICIES.includes(wanted)) throw new CliError(`the policy must be ${POLICIES.join(' or ')}, not "${terminalSafe(wanted)}"`, ExitCode.usage);
    const result = await withAdminService(context, (service) => service.setPolicy(wanted as MfaPolicy));
    writeLine(context.stdout, `MFA policy: ${result}`);
    return ExitCode.ok;
  },
});
