import type { MessageBus } from '@homebridge/dbus-native';

/** A method call as @homebridge/dbus-native marshals it: a variant is [signature, value], `ay` a Buffer. */
export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

/** The session bus, promise-shaped: a reply resolves with its body, an error reply or a lost bus rejects. */
export interface SessionBus {
  call(call: MethodCall): Promise<unknown[]>;
  close(): void;
}

/** index.d.ts of @homebridge/dbus-native declares systemBus only; index.js also exports sessionBus. */
type DbusNative = { sessionBus(options: { busAddress: string }): MessageBus };

async function loadDbusNative(): Promise<DbusNative> {
  const loaded = (await import('@homebridge/dbus-native')) as unknown as DbusNative & { default?: DbusNative };
  return loaded.default ?? loaded;
}

/**
 * Connects (address parsing, EXTERNAL authentication and Hello are the library's). The library leaves a
 * call unanswered when the bus goes away and throws an unhandled 'error' event, so both become a rejection
 * here. A `unix:abstract=` address needs the `abstract-socket` addon, which is not installed: that fails
 * as an unreachable keyring (Node 20's net cannot reach abstract names either).
 */
export async function openSessionBus(signal: AbortSignal, address = process.env.DBUS_SESSION_BUS_ADDRESS): Promise<SessionBus> {
  signal.throwIfAborted();
  // The library's own message for this is "unknown bus address".
  if (!address) throw new Error('no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset)');
  const dbus = await loadDbusNative();
  signal.throwIfAborted();
  const bus = dbus.sessionBus({ busAddress: address });
  const pending = new Set<(error: Error) => void>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const reject of pending) reject(failure);
    pending.clear();
  };
  const close = () => {
    bus.connection.stream.destroy();
    fail(new Error('the D-Bus session bus connection was closed'));
  };
  bus.connection.on('error', (error: Error) => fail(error));
  bus.connection.on('end', () => fail(new Error('the D-Bus session bus closed the connection')));
  bus.connection.stream.on('close', () => fail(new Error('the D-Bus session bus closed the connection')));
  signal.addEventListener('abort', close, { once: true });

  return {
    call(call) {
      if (failure) return Promise.reject(failure);
      return new Promise<unknown[]>((resolve, reject) => {
        pending.add(reject);
        bus.invoke(call, (error, ...body: unknown[]) => {
          pending.delete(reject);
          if (error) reject(new Error(`${error.name}: ${typeof error.message === 'string' ? error.message : ''}`));
          else resolve(body);
        });
      });
    },
    close() {
      signal.removeEventListener('abort', close);
      close();
    },
  };
}
