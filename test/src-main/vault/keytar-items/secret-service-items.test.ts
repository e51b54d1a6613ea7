import { describe, expect, it } from 'vitest';
import { createSecretServiceKeytarItems } from '../../../../src-main/vault/keytar-items/secret-service-items';
import type { MethodCall, SessionBus } from '../../../../src-main/vault/keytar-items/session-bus';

/**
 * The retry of gnome-keyring's "not ready" answer, on a scripted bus: the daemon gives it only when a call
 * races its registration of a new peer, which a test cannot bring about on demand. Against the real
 * gnome-keyring these calls are covered by os-secret-store.test.ts.
 */
const NOT_READY = (member: string, iface: string) => new Error(`org.freedesktop.DBus.Error.UnknownMethod: Method ${member} is not implemented on interface ${iface}`);
const SERVICE = 'org.freedesktop.Secret.Service';
const ITEM = '/org/freedesktop/secrets/collection/login/7';

type Answer = unknown[] | Error;

/** Answers each call with the next scripted answer for its member, and records every call. */
function scriptedBus(script: Record<string, Answer[]>): { open: () => Promise<SessionBus>; calls: string[]; closed: () => number } {
  const calls: string[] = [];
  let closes = 0;
  const bus: SessionBus = {
    call(call: MethodCall) {
      calls.push(`${call.interface}.${call.member}`);
      const answer = script[call.member]?.shift();
      if (answer === undefined) return Promise.reject(new Error(`unscripted call ${call.member}`));
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    close: () => void closes++,
  };
  return { open: () => Promise.resolve(bus), calls, closed: () => closes };
}

const signal = () => new AbortController().signal;
const keyring = null as never;

describe('keytar items over the Secret Service, when gnome-keyring is not ready for a new peer', () => {
  it('asks SearchItems again and deletes what the second answer found', async () => {
    const bus = scriptedBus({ SearchItems: [NOT_READY('SearchItems', SERVICE), [[ITEM], []]], Delete: [['/']] });
    expect(await createSecretServiceKeytarItems(bus.open).remove(keyring, 'Tessera', 'vault-key', signal())).toBe(true);
    expect(bus.calls).toEqual([`${SERVICE}.SearchItems`, `${SERVICE}.SearchItems`, 'org.freedesktop.Secret.Item.Delete']);
    expect(bus.closed()).toBe(1);
  });

  it('asks each later call again too (OpenSession, GetSecrets, Delete)', async () => {
    const secret = Buffer.from('old-sécret', 'utf8');
    const read = scriptedBus({
      SearchItems: [[[ITEM], []]],
      OpenSession: [NOT_READY('OpenSession', SERVICE), [['s', ''], '/org/freedesktop/secrets/session/3']],
      GetSecrets: [NOT_READY('GetSecrets', SERVICE), [[[ITEM, ['/org/freedesktop/secrets/session/3', Buffer.alloc(0), secret, 'text/plain']]]]],
    });
    expect(await createSecretServiceKeytarItems(read.open).read(keyring, 'Tessera', 'vault-key', signal())).toBe('old-sécret');
    expect(read.calls.map((call) => call.split('.').at(-1))).toEqual(['SearchItems', 'OpenSession', 'OpenSession', 'GetSecrets', 'GetSecrets']);

    const remove = scriptedBus({ SearchItems: [[[ITEM], []]], Delete: [NOT_READY('Delete', 'org.freedesktop.Secret.Item'), ['/']] });
    expect(await createSecretServiceKeytarItems(remove.open).remove(keyring, 'Tessera', 'vault-key', signal())).toBe(true);
    expect(remove.calls.map((call) => call.split('.').at(-1))).toEqual(['SearchItems', 'Delete', 'Delete']);
  });

  it('asks only once more: a second "not implemented" is the error, and the bus is closed', async () => {
    const bus = scriptedBus({ SearchItems: [NOT_READY('SearchItems', SERVICE), NOT_READY('SearchItems', SERVICE), [[], []]] });
    await expect(createSecretServiceKeytarItems(bus.open).remove(keyring, 'Tessera', 'vault-key', signal()))
      .rejects.toThrow('org.freedesktop.DBus.Error.UnknownMethod: Method SearchItems is not implemented on interface org.freedesktop.Secret.Service');
    expect(bus.calls).toHaveLength(2);
    expect(bus.closed()).toBe(1);
  });

  it('never asks again after any other error', async () => {
    const denied = new Error('org.freedesktop.DBus.Error.AccessDenied: Rejected send message');
    const bus = scriptedBus({ SearchItems: [denied, [[], []]] });
    await expect(createSecretServiceKeytarItems(bus.open).read(keyring, 'Tessera', 'vault-key', signal())).rejects.toBe(denied);
    expect(bus.calls).toEqual([`${SERVICE}.SearchItems`]);
  });
});
