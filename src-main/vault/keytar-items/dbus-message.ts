import { splitSignature, WireReader, WireWriter, type WireValue } from './dbus-wire';

/** https://dbus.freedesktop.org/doc/dbus-specification.html#message-protocol-messages */
export const MessageType = { methodCall: 1, methodReturn: 2, error: 3, signal: 4 } as const;
const Field = { path: 1, interface: 2, member: 3, errorName: 4, replySerial: 5, destination: 6, signature: 8 } as const;
const FIXED_HEADER_BYTES = 16;

export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: WireValue[];
}

export interface ReceivedMessage {
  type: number;
  replySerial: number | undefined;
  errorName: string | undefined;
  body: WireValue[];
}

export function encodeMethodCall(call: MethodCall, serial: number): Buffer {
  const body = new WireWriter();
  const signature = call.signature ?? '';
  splitSignature(signature).forEach((type, index) => body.write(type, call.body?.[index]));
  const fields: [number, [string, string]][] = [
    [Field.path, ['o', call.path]], [Field.interface, ['s', call.interface]], [Field.member, ['s', call.member]],
    [Field.destination, ['s', call.destination]],
  ];
  if (signature) fields.push([Field.signature, ['g', signature]]);
  const header = new WireWriter();
  for (const byte of ['l'.charCodeAt(0), MessageType.methodCall, 0, 1]) header.write('y', byte);
  header.write('u', body.length);
  header.write('u', serial);
  header.write('a(yv)', fields);
  header.pad(8);
  return Buffer.concat([header.toBuffer(), body.toBuffer()]);
}

/** The length of the first message in `buffer`, or null while it has not fully arrived. */
export function messageLength(buffer: Buffer): number | null {
  if (buffer.length < FIXED_HEADER_BYTES) return null;
  const little = buffer[0] === 'l'.charCodeAt(0);
  const bodyLength = little ? buffer.readUInt32LE(4) : buffer.readUInt32BE(4);
  const fieldsLength = little ? buffer.readUInt32LE(12) : buffer.readUInt32BE(12);
  const headerLength = Math.ceil((FIXED_HEADER_BYTES + fieldsLength) / 8) * 8;
  const total = headerLength + bodyLength;
  return buffer.length >= total ? total : null;
}

export function decodeMessage(message: Buffer): ReceivedMessage {
  const little = message[0] === 'l'.charCodeAt(0);
  const header = new WireReader(message, little);
  header.offset = 12;
  const fields = new Map((header.read('a(yv)') as [number, WireValue][]).map(([code, value]) => [code, value]));
  header.pad(8);
  const signature = (fields.get(Field.signature) as string | undefined) ?? '';
  const body = new WireReader(message.subarray(header.offset), little);
  return {
    type: message[1]!,
    replySerial: fields.get(Field.replySerial) as number | undefined,
    errorName: fields.get(Field.errorName) as string | undefined,
    body: splitSignature(signature).map((type) => body.read(type)),
  };
}
