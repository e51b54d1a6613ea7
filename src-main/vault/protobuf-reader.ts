import { OtpFormatError } from './errors';

/** One field of a protobuf message: varints as bigint, length-delimited fields as bytes. */
export type ProtoField = { field: number; wireType: 0; value: bigint } | { field: number; wireType: 2; value: Buffer };

const fail = (why: string): never => {
  throw new OtpFormatError(`Google Authenticator export: damaged data (${why})`);
};

/**
 * The two protobuf wire types Google's migration payload uses (varint, length-delimited), read without
 * a schema compiler. Fixed 32/64-bit fields are skipped; anything else is refused as damage.
 */
export function readProtoFields(bytes: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= bytes.length) return fail('a number runs past the end');
      const byte = bytes[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    return fail('a number is too long');
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) fail('field number 0');
    if (wireType === 0) fields.push({ field, wireType, value: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      if (at + length > bytes.length) fail('a field runs past the end');
      fields.push({ field, wireType, value: bytes.subarray(at, at + length) });
      at += length;
    } else if (wireType === 1 || wireType === 5) at += wireType === 1 ? 8 : 4;
    else fail(`unsupported wire type ${wireType}`);
  }
  if (at > bytes.length) fail('a fixed-size field runs past the end');
  return fields;
}

export function numberField(fields: ProtoField[], field: number, fallback: number): number {
  const found = fields.filter((candidate) => candidate.field === field && candidate.wireType === 0).at(-1);
  if (!found) return fallback;
  const value = found.value as bigint;
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? fail(`field ${field} is out of range`) : Number(value);
}

export function bytesField(fields: ProtoField[], field: number): Buffer | undefined {
  const found = fields.filter((candidate) => candidate.field === field && candidate.wireType === 2).at(-1);
  return found?.value as Buffer | undefined;
}
