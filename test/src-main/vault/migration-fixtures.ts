// Builds Google Authenticator `otpauth-migration://offline?data=…` URIs the way the app does: a
// protobuf MigrationPayload (google-migration.proto), base64, percent-encoded.
import { base32Decode } from '../../../src-main/vault/base32';

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return Buffer.from(bytes);
}

const numberField = (field: number, value: number) => Buffer.concat([varint(field << 3), varint(value)]);
const bytesField = (field: number, value: Buffer) => Buffer.concat([varint((field << 3) | 2), varint(value.length), value]);

/** Enum values as Google's app writes them: algorithm 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5; digits 1 six, 2 eight; type 1 HOTP, 2 TOTP. */
export interface MigrationAccount {
  secret: string;
  name: string;
  issuer: string;
  algorithm?: number;
  digits?: number;
  type?: number;
  counter?: number;
}

export function migrationUri(accounts: MigrationAccount[], batch = { size: 1, index: 0, id: 123456789 }): string {
  const parameters = accounts.map((account) => bytesField(1, Buffer.concat([
    bytesField(1, base32Decode(account.secret)),
    bytesField(2, Buffer.from(account.name)),
    bytesField(3, Buffer.from(account.issuer)),
    numberField(4, account.algorithm ?? 1),
    numberField(5, account.digits ?? 1),
    numberField(6, account.type ?? 2),
    ...(account.counter === undefined ? [] : [numberField(7, account.counter)]),
  ])));
  const payload = Buffer.concat([...parameters, numberField(2, 1), numberField(3, batch.size), numberField(4, batch.index), numberField(5, batch.id)]);
  return `otpauth-migration://offline?data=${encodeURIComponent(payload.toString('base64'))}`;
}
