import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  createFileAccountStore,
  createFileKeyStore,
  createPushDevice,
  type DeviceAccount,
  type PushDevice,
} from '../push-device';
import { readJsonFile, writePrivateJson } from '../push-device/private-file';
import { CliError, type CliContext } from './context';
import { tesseraHome } from './data-dir';

export interface CliDevice {
  home: string;
  device: PushDevice;
  /** This installation's stable device identifier, created on first use. */
  identifier(): Promise<string>;
}

export function openCliDevice(context: CliContext): CliDevice {
  const home = tesseraHome(context);
  const device = createPushDevice({
    keyStore: createFileKeyStore(path.join(home, 'keys')),
    accountStore: createFileAccountStore(home),
    fetch: context.fetch,
    clock: context.clock,
  });
  const identityFile = path.join(home, 'device.json');
  async function identifier(): Promise<string> {
    const stored = (await readJsonFile(identityFile)) as { identifier?: unknown } | undefined;
    if (typeof stored?.identifier === 'string' && stored.identifier !== '') return stored.identifier;
    const created = randomUUID();
    await writePrivateJson(identityFile, { identifier: created });
    return created;
  }
  return { home, device, identifier };
}

/** The account named by `enrollmentId`, or the only one when none is named. */
export function selectAccount(accounts: DeviceAccount[], enrollmentId: string | undefined): DeviceAccount {
  if (enrollmentId !== undefined) {
    const account = accounts.find((candidate) => candidate.enrollmentId === enrollmentId);
    if (!account) throw new CliError(`no push enrollment ${enrollmentId} on this device; see tessera device list`);
    return account;
  }
  if (accounts.length === 0) throw new CliError('this device has no push enrollments; run tessera device enroll first');
  if (accounts.length > 1) {
    const ids = accounts.map((account) => account.enrollmentId).join(', ');
    throw new CliError(`this device has several push enrollments (${ids}); name one`);
  }
  return accounts[0]!;
}
