import { openSessionBus, type MethodCall, type SessionBus } from './session-bus';
import type { KeytarItems } from './index';

/** https://specifications.freedesktop.org/secret-service-spec/latest/ (org.freedesktop.Secret.*) */
const SECRETS = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const NO_PROMPT = '/';

const serviceCall = (member: string, signature: string, body: unknown[]): MethodCall =>
  ({ destination: SECRETS, path: SERVICE_PATH, interface: 'org.freedesktop.Secret.Service', member, signature, body });

/**
 * keytar's items: libsecret's generic schema with the attributes `service` and `account`
 * (https://github.com/atom/node-keytar/blob/master/src/keytar_posix.cc). A locked one is an error, as
 * @napi-rs/keyring reports a locked item, never "no item".
 */
async function findItems(bus: SessionBus, service: string, account: string): Promise<string[]> {
  const [unlocked, locked] = await bus.call(serviceCall('SearchItems', 'a{ss}', [[['service', service], ['account', account]]])) as [string[], string[]];
  if (locked.length > 0) throw new Error(`keytar's "${service}" item is in a locked collection`);
  return unlocked;
}

async function withBus<T>(signal: AbortSignal, work: (bus: SessionBus) => Promise<T>): Promise<T> {
  const bus = await openSessionBus(signal);
  try {
    return await work(bus);
  } finally {
    bus.close();
  }
}

export function createSecretServiceKeytarItems(): KeytarItems {
  return {
    read: (_keyring, service, account, signal) => withBus(signal, async (bus) => {
      const [item] = await findItems(bus, service, account);
      if (item === undefined) return null;
      // "plain": the secret crosses only this user's own bus socket, as the spec allows.
      const [, session] = await bus.call(serviceCall('OpenSession', 'sv', ['plain', ['s', '']])) as [unknown, string];
      const [secrets] = await bus.call(serviceCall('GetSecrets', 'aoo', [[item], session])) as [[string, [string, Buffer, Buffer, string]][]];
      const secret = secrets.find(([path]) => path === item)?.[1][2];
      return secret === undefined ? null : new TextDecoder('utf-8', { fatal: true }).decode(secret);
    }),
    remove: (_keyring, service, account, signal) => withBus(signal, async (bus) => {
      const items = await findItems(bus, service, account);
      for (const item of items) {
        const [prompt] = await bus.call({ destination: SECRETS, path: item, interface: 'org.freedesktop.Secret.Item', member: 'Delete' });
        if (prompt !== NO_PROMPT) throw new Error(`deleting keytar's "${service}" item needs an unlock prompt (locked)`);
      }
      return items.length > 0;
    }),
  };
}
