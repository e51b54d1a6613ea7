import path from 'node:path';
import { PushDeviceError } from './errors';
import { readJsonFile, writePrivateJson } from './private-file';
import type { AccountStore, DeviceAccount } from './types';

interface AccountsFile {
  accounts: DeviceAccount[];
}

function isAccount(value: unknown): value is DeviceAccount {
  const account = value as Partial<DeviceAccount> | null;
  return typeof account?.enrollmentId === 'string' && typeof account.baseUrl === 'string'
    && typeof account.userId === 'string' && typeof account.identifier === 'string';
}

/**
 * Account metadata in one 0600 `accounts.json`, for the `tessera` CLI. It includes the TOTP parameters the
 * server returned at enrollment; the desktop app keeps those in its encrypted vault instead.
 */
export function createFileAccountStore(folder: string): AccountStore {
  const file = path.join(folder, 'accounts.json');

  async function readAll(): Promise<DeviceAccount[]> {
    const json = (await readJsonFile(file)) as Partial<AccountsFile> | undefined;
    if (json === undefined) return [];
    if (!Array.isArray(json?.accounts) || !json.accounts.every(isAccount)) {
      throw new PushDeviceError(`${file} is not a Tessera accounts file`);
    }
    return json.accounts;
  }

  const writeAll = (accounts: DeviceAccount[]) => writePrivateJson(file, { accounts } satisfies AccountsFile);

  return {
    list: readAll,
    async get(enrollmentId) {
      return (await readAll()).find((account) => account.enrollmentId === enrollmentId);
    },
    async save(account) {
      const others = (await readAll()).filter((existing) => existing.enrollmentId !== account.enrollmentId);
      await writeAll([...others, account]);
    },
    async remove(enrollmentId) {
      await writeAll((await readAll()).filter((account) => account.enrollmentId !== enrollmentId));
    },
  };
}
