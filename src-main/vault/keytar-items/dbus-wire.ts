/**
 * The D-Bus wire format for the few types the Secret Service calls need (y b u s o g v a ( ) { }).
 * https://dbus.freedesktop.org/doc/dbus-specification.html#message-protocol-marshaling
 * Values: numbers, strings, Buffer for `ay`, arrays for arrays and structs, [key, value] for dict
 * entries, [signature, value] for a variant written (a variant read gives its value alone).
 */
export type WireValue = unknown;

const ALIGN: Record<string, number> = { y: 1, g: 1, v: 1, b: 4, u: 4, i: 4, s: 4, o: 4, a: 4, '(': 8, '{': 8 };

/** Splits a signature into its complete types: "a{ss}o" → ["a{ss}", "o"]. */
export function splitSignature(signature: string): string[] {
  const types: string[] = [];
  let start = 0;
  while (start < signature.length) {
    const end = completeTypeEnd(signature, start);
    types.push(signature.slice(start, end));
    start = end;
  }
  return types;
}

function completeTypeEnd(signature: string, at: number): number {
  const code = signature[at];
  if (code === 'a') return completeTypeEnd(signature, at + 1);
  if (code === '(' || code === '{') {
    const close = code === '(' ? ')' : '}';
    let next = at + 1;
    while (signature[next] !== close) {
      if (next >= signature.length) throw new Error(`unbalanced D-Bus signature "${signature}"`);
      next = completeTypeEnd(signature, next);
    }
    return next + 1;
  }
  if (code === undefined || !(code in ALIGN)) throw new Error(`unsupported D-Bus type "${code}" in "${signature}"`);
  return at + 1;
}

const innerTypes = (type: string) => splitSignature(type.slice(1, -1));

export class WireWriter {
  private bytes: number[] = [];

  get length(): number { return this.bytes.length; }
  toBuffer(): Buffer { return Buffer.from(this.bytes); }

  pad(alignment: number): void {
    while (this.bytes.length % alignment !== 0) this.bytes.push(0);
  }

  private uint32At(at: number, value: number): void {
    for (let i = 0; i < 4; i += 1) this.bytes[at + i] = (value >>> (8 * i)) & 0xff;
  }

  private uint32(value: number): void {
    this.pad(4);
    const at = this.bytes.length;
    this.bytes.push(0, 0, 0, 0);
    this.uint32At(at, value);
  }

  write(type: string, value: WireValue): void {
    const code = type[0];
    if (code === 'y') this.bytes.push(Number(value) & 0xff);
    else if (code === 'b') this.uint32(value ? 1 : 0);
    else if (code === 'u' || code === 'i') this.uint32(Number(value));
    else if (code === 's' || code === 'o') {
      const text = Buffer.from(String(value), 'utf8');
      this.uint32(text.length);
      this.bytes.push(...text, 0);
    } else if (code === 'g') {
      const text = Buffer.from(String(value), 'ascii');
      this.bytes.push(text.length, ...text, 0);
    } else if (code === 'v') {
      const [signature, inner] = value as [string, WireValue];
      this.write('g', signature);
      this.write(signature, inner);
    } else if (code === 'a') this.writeArray(type.slice(1), value as Iterable<WireValue>);
    else {
      this.pad(8);
      innerTypes(type).forEach((inner, index) => this.write(inner, (value as WireValue[])[index]));
    }
  }

  private writeArray(element: string, items: Iterable<WireValue>): void {
    this.uint32(0);
    const lengthAt = this.bytes.length - 4;
    this.pad(ALIGN[element[0]!]!);
    const start = this.bytes.length;
    for (const item of items) this.write(element, item);
    this.uint32At(lengthAt, this.bytes.length - start);
  }
}

export class WireReader {
  offset = 0;

  constructor(private readonly buffer: Buffer, private readonly littleEndian: boolean, private readonly base = 0) {}

  pad(alignment: number): void {
    this.offset += (alignment - ((this.base + this.offset) % alignment)) % alignment;
  }

  private uint32(): number {
    this.pad(4);
    if (this.offset + 4 > this.buffer.length) throw new Error('truncated D-Bus message');
    const value = this.littleEndian ? this.buffer.readUInt32LE(this.offset) : this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  private text(length: number, encoding: BufferEncoding): string {
    if (this.offset + length + 1 > this.buffer.length) throw new Error('truncated D-Bus message');
    const value = this.buffer.toString(encoding, this.offset, this.offset + length);
    this.offset += length + 1;
    return value;
  }

  read(type: string): WireValue {
    const code = type[0];
    if (code === 'y') return this.buffer[this.offset++];
    if (code === 'b') return this.uint32() !== 0;
    if (code === 'u') return this.uint32();
    if (code === 'i') return this.uint32() | 0;
    if (code === 's' || code === 'o') return this.text(this.uint32(), 'utf8');
    if (code === 'g') return this.text(this.buffer[this.offset++] ?? 0, 'ascii');
    if (code === 'v') return this.read(this.read('g') as string);
    if (code === 'a') return this.readArray(type.slice(1));
    this.pad(8);
    return innerTypes(type).map((inner) => this.read(inner));
  }

  private readArray(element: string): WireValue {
    const length = this.uint32();
    this.pad(ALIGN[element[0]!]!);
    const end = this.offset + length;
    if (end > this.buffer.length) throw new Error('truncated D-Bus message');
    if (element === 'y') {
      const bytes = Buffer.from(this.buffer.subarray(this.offset, end));
      this.offset = end;
      return bytes;
    }
    const items: WireValue[] = [];
    while (this.offset < end) items.push(this.read(element));
    return items;
  }
}
