import { Management } from 'auth0';
import type { ManagementSession } from './management-session';
import { SUPPORTED_FACTORS } from '../../../server/store/tenant.js';
import { isStatus } from './admin-errors';
import type { ManagementCall } from './management-call';
import { sdkFetch } from './passthrough';
import { AdminError, AdminErrorKind, MfaPolicy, type FactorView, type GuardianSettingsView, type PushSettingsView } from './types';
import { ServerRefusalError } from './server-refusal';

/** Beyond Auth0, Tessera's push-fatigue settings; an Auth0 tenant answers 404 here. */
const PUSH_SETTINGS_PATH = 'guardian/factors/push-notification/settings';

interface PushSettingsWire {
  number_matching: boolean;
  lock_on_reject: boolean;
}

const pushView = (wire: PushSettingsWire): PushSettingsView => ({ numberMatching: wire.number_matching === true, lockOnReject: wire.lock_on_reject === true });

async function readPushSettings(session: ManagementSession): Promise<PushSettingsView | null> {
  try {
    return pushView((await sdkFetch(session, PUSH_SETTINGS_PATH)) as PushSettingsWire);
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

/** On Tessera (it has push settings) only the factors it implements can be switched on; an Auth0 tenant serves all. */
function factorViews(factors: Management.GuardianFactor[], isTessera: boolean): FactorView[] {
  return factors.map((f) => ({
    name: f.name ?? '',
    enabled: f.enabled === true,
    supported: !isTessera || (SUPPORTED_FACTORS as readonly string[]).includes(f.name ?? ''),
  }));
}

/** The names `PUT /api/v2/guardian/factors/{name}` takes (Auth0 Management API v2, "Update a Multi-factor Authentication Factor"). */
const FACTOR_NAMES: readonly string[] = Object.values(Management.GuardianFactorNameEnum);
const UNKNOWN_FACTOR = `Unknown factor: use ${FACTOR_NAMES.slice(0, -1).join(', ')} or ${FACTOR_NAMES.at(-1)}`;

/** Auth0's policies are a list; the console offers its two common states ("never" is the empty list). */
const policyOf = (policies: string[]): MfaPolicy => (policies.includes('all-applications') ? MfaPolicy.allApplications : MfaPolicy.never);

export function guardianOperations(call: ManagementCall) {
  return {
    guardianSettings(): Promise<GuardianSettingsView> {
      return call(async (client, session) => {
        const [factors, policies, push] = await Promise.all([client.guardian.factors.list(), client.guardian.policies.list(), readPushSettings(session)]);
        return { factors: factorViews(factors, push !== null), policy: policyOf(policies), push };
      });
    },
    setFactor(name: string, enabled: boolean): Promise<FactorView> {
      if (typeof enabled !== 'boolean' || !FACTOR_NAMES.includes(name)) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, UNKNOWN_FACTOR));
      return call(async (client, session) => {
        const result = await client.guardian.factors.set(name as Management.GuardianFactorNameEnum, { enabled });
        const push = await readPushSettings(session);
        return { name, enabled: result.enabled === true, supported: push === null || (SUPPORTED_FACTORS as readonly string[]).includes(name) };
      });
    },
    setPolicy(policy: MfaPolicy): Promise<MfaPolicy> {
      if (!Object.values(MfaPolicy).includes(policy)) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, 'Choose never or all applications'));
      return call(async (client) => policyOf(await client.guardian.policies.set(policy === MfaPolicy.allApplications ? ['all-applications'] : [])));
    },
    setPushSettings(patch: Partial<PushSettingsView>): Promise<PushSettingsView> {
      const wire: Partial<PushSettingsWire> = {};
      if (typeof patch.numberMatching === 'boolean') wire.number_matching = patch.numberMatching;
      if (typeof patch.lockOnReject === 'boolean') wire.lock_on_reject = patch.lockOnReject;
      return call(async (_client, session) => {
        try {
          return pushView((await sdkFetch(session, PUSH_SETTINGS_PATH, { method: 'PATCH', body: wire })) as PushSettingsWire);
        } catch (error) {
          if (isStatus(error, 404)) throw new ServerRefusalError('This server has no push settings (number matching and locking are Tessera features)');
          throw error;
        }
      });
    },
  };
}
