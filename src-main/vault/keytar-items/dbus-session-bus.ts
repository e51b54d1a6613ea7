import { createConnection, type Socket } from 'node:net';
import { decodeMessage, encodeMethodCall, messageLength, MessageType, type MethodCall, type ReceivedMessage } from './dbus-message';
import type { WireValue } from './dbus-wire';

/**
 * A minimal client of the D-Bus session bus (SASL EXTERNAL over its Unix socket, method calls only),
 * enough to read and delete the Secret Service items keytar left behind.
 * https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol
 */
export interface SessionBus {
  call(call: MethodCall): Promise<WireValue[]>;
  close(): void;
}

/** The socket of DBUS_SESSION_BUS_ADDRESS ("unix:path=…" or "unix:abstract=…", several separated by ";"). */
export function sessionBusSocketPath(address: string | undefined): string {
  for (const entry of (address ?? '').split(';')) {
    if (!entry.startsWith('unix:')) continue;
    const options = new Map(entry.slice(5).split(',').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))] as const;
    }));
    if (options.has('path')) return options.get('path')!;
    if (options.has('abstract')) return `\0${options.get('abstract')}`;
  }
  throw new Error(address ? `no Unix socket in the D-Bus session address "${address}"` : 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset)');
}

function authenticate(socket: Socket): Promise<Buffer> {
  const uid = String(process.getuid?.() ?? 0);
  socket.write(`\0AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`);
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const line = received.subarray(0, end).toString('ascii');
      if (!line.startsWith('OK ')) return reject(new Error(`the D-Bus session bus refused the connection (${line})`));
      socket.write('BEGIN\r\n');
      resolve(received.subarray(end + 2));
    };
    socket.on('data', onData);
  });
}

export async function openSessionBus(signal: AbortSignal, address = process.env.DBUS_SESSION_BUS_ADDRESS): Promise<SessionBus> {
  signal.throwIfAborted();
  const socket = createConnection(sessionBusSocketPath(address));
  const pending = new Map<number, { resolve: (body: WireValue[]) => void; reject: (error: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of pending.values()) waiter.reject(failure);
    pending.clear();
  };
  const close = () => socket.destroy();
  socket.on('error', failAll);
  socket.on('close', () => failAll(new Error('the D-Bus session bus closed the connection')));
  signal.addEventListener('abort', close, { once: true });

  const deliver = (message: ReceivedMessage) => {
    const waiter = message.replySerial === undefined ? undefined : pending.get(message.replySerial);
    if (!waiter || (message.type !== MessageType.methodReturn && message.type !== MessageType.error)) return;
    pending.delete(message.replySerial!);
    if (message.type === MessageType.methodReturn) waiter.resolve(message.body);
    else waiter.reject(new Error(`${message.errorName}: ${typeof message.body[0] === 'string' ? message.body[0] : ''}`));
  };
  let buffered = await new Promise<Buffer>((resolve, reject) => {
    socket.once('connect', () => authenticate(socket).then(resolve, reject));
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('the D-Bus session bus closed the connection')));
  });
  const drain = () => {
    for (let length = messageLength(buffered); length !== null; length = messageLength(buffered)) {
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      deliver(decodeMessage(message));
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    try {
      drain();
    } catch (error) {
      failAll(error as Error);
      close();
    }
  });

  let serial = 0;
  const bus: SessionBus = {
    call(call) {
      if (failure) return Promise.reject(failure);
      serial += 1;
      const sent = new Promise<WireValue[]>((resolve, reject) => pending.set(serial, { resolve, reject }));
      socket.write(encodeMethodCall(call, serial));
      return sent;
    },
    close,
  };
  drain();
  await bus.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'Hello' });
  return bus;
}
