import { openSessionBus, type MethodCall, type SessionBus } from './session-bus';
import type { KeytarItems } from './index';

/** https://specifications.freedesktop.org/secret-service-spec/latest/ (org.freedesktop.Secret.*) */
const SECRETS = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const NO_PROMPT = '/';

const serviceCall = (member: string, signature: string, body: unknown[]): MethodCall =>
  ({ destination: SECRETS, path: SERVICE_PATH, interface: 'org.freedesktop.Secret.Service', member, signature, body });

const UNKNOWN_METHOD = 'org.freedesktop.DBus.Error.UnknownMethod: ';

/**
 * gnome-keyring registers each bus peer that calls it from an idle callback, and a call whose handler runs
 * before that finds no client: the daemon logs "gkd_secret_service_get_pkcs11_session: assertion 'client'
 * failed" and answers UnknownMethod ("Method SearchItems is not implemented on interface
 * org.freedesktop.Secret.Service") without acting
 * (https://gitlab.gnome.org/GNOME/gnome-keyring/-/blob/main/daemon/dbus/gkd-secret-service.c). Every method called
 * here is in the Secret Service spec, so that answer means "not ready", never "not there": the call is
 * asked once more, by when the peer is registered. Any other error, or a second one, is the caller's.
 */
async function callRetryingUnready(bus: SessionBus, call: MethodCall): Promise<unknown[]> {
  try {
    return await bus.call(call);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith(UNKNOWN_METHOD)) throw error;
    return bus.call(call);
  }
}

/**
 * keytar's items: libsecret's generic schema with the attributes `service` and `account`
 * (https://github.com/atom/node-keytar/blob/master/src/keytar_posix.cc). A locked one is an error, as
 * @napi-rs/keyring reports a locked item, never "no item".
 */
async function findItems(bus: SessionBus, service: string, account: string): Promise<string[]> {
  const [unlocked, locked] = await callRetryingUnready(bus, serviceCall('SearchItems', 'a{ss}', [[['service', service], ['account', account]]])) as [string[], string[]];
  if (locked.length > 0) throw new Error(`keytar's "${service}" item is in a locked collection`);
  return unlocked;
}

type OpenBus = (signal: AbortSignal) => Promise<SessionBus>;

async function withBus<T>(open: OpenBus, signal: AbortSignal, work: (bus: SessionBus) => Promise<T>): Promise<T> {
  const bus = await open(signal);
  try {
    return await work(bus);
  } finally {
    bus.close();
  }
}

/** `open` is the session bus; tests give another. */
export function createSecretServiceKeytarItems(open: OpenBus = (signal) => openSessionBus(signal)): KeytarItems {
  return {
    read: (_keyring, service, account, signal) => withBus(open, signal, async (bus) => {
      const [item] = await findItems(bus, service, account);
      if (item === undefined) return null;
      // "plain": the secret crosses only this user's own bus socket, as the spec allows.
      const [, session] = await callRetryingUnready(bus, serviceCall('OpenSession', 'sv', ['plain', ['s', '']])) as [unknown, string];
      const [secrets] = await callRetryingUnready(bus, serviceCall('GetSecrets', 'aoo', [[item], session])) as [[string, [string, Buffer, Buffer, string]][]];
      const secret = secrets.find(([path]) => path === item)?.[1][2];
      return secret === undefined ? null : new TextDecoder('utf-8', { fatal: true }).decode(secret);
    }),
    remove: (_keyring, service, account, signal) => withBus(open, signal, async (bus) => {
      const items = await findItems(bus, service, account);
      for (const item of items) {
        const [prompt] = await callRetryingUnready(bus, { destination: SECRETS, path: item, interface: 'org.freedesktop.Secret.Item', member: 'Delete' });
        if (prompt !== NO_PROMPT) throw new Error(`deleting keytar's "${service}" item needs an unlock prompt (locked)`);
      }
      return items.length > 0;
    }),
  };
}
