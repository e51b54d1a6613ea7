import { MigrationBatchesMissingError, OtpFormatError } from './errors';
import { checkDraft, type AccountDraft } from './otp-params';
import { bytesField, numberField, readProtoFields } from './protobuf-reader';
import { OtpAlgorithm, OtpKind } from './types';

// google-migration.proto (as in OTPClient): MigrationPayload { repeated OtpParameters otp_parameters = 1;
// version = 2; batch_size = 3; batch_index = 4; batch_id = 5 }, OtpParameters { bytes secret = 1;
// name = 2; issuer = 3; Algorithm algorithm = 4; DigitCount digits = 5; OtpType type = 6; int64 counter = 7 }.
// Enum value 0 is "unspecified": Google's app means its defaults (SHA1, six digits, TOTP). No period field.
const ALGORITHMS: Record<number, OtpAlgorithm> = { 0: OtpAlgorithm.sha1, 1: OtpAlgorithm.sha1, 2: OtpAlgorithm.sha256, 3: OtpAlgorithm.sha512 };
const DIGITS: Record<number, number> = { 0: 6, 1: 6, 2: 8 };
const MD5 = 4;
const HOTP = 1;

export interface MigrationBatch {
  accounts: AccountDraft[];
  batchSize: number;
  batchIndex: number;
  batchId: number;
}

function decodeParameters(bytes: Buffer, where: string): AccountDraft {
  const fields = readProtoFields(bytes);
  const text = (field: number) => bytesField(fields, field)?.toString('utf8').trim() ?? '';
  const algorithmCode = numberField(fields, 4, 0);
  if (algorithmCode === MD5) throw new OtpFormatError(`${where}: MD5 accounts are not supported`);
  const algorithm = ALGORITHMS[algorithmCode];
  const digits = DIGITS[numberField(fields, 5, 0)];
  if (!algorithm || !digits) throw new OtpFormatError(`${where}: unknown algorithm or digit count`);
  const issuer = text(3);
  const name = text(2);
  // Google writes the name as "Issuer:account" when the original URI's label had a prefix.
  const label = issuer !== '' && name.startsWith(`${issuer}:`) ? name.slice(issuer.length + 1).trim() : name;
  const kind = numberField(fields, 6, 2) === HOTP ? OtpKind.hotp : OtpKind.totp;
  return checkDraft({
    kind, issuer, label, algorithm, digits,
    secret: Buffer.from(bytesField(fields, 1) ?? []),
    counter: kind === OtpKind.hotp ? numberField(fields, 7, 0) : undefined,
  }, where);
}

/** One `otpauth-migration://offline?data=…` URI (one QR code of an export). */
export function parseMigrationUri(uri: string): MigrationBatch {
  const match = /^otpauth-migration:\/\/offline\/?\?(?:.*&)?data=([^&#]*)/i.exec(uri.trim());
  if (!match) throw new OtpFormatError('not an otpauth-migration://offline?data=… URI');
  let data: string;
  try {
    // `+` is base64, not a space: no form decoding here. A scanner that form-decoded it already left a
    // space, which Buffer would skip silently, shifting every later bit into wrong (yet "verified") seeds.
    data = decodeURIComponent(match[1]!).replace(/ /g, '+');
  } catch {
    throw new OtpFormatError('Google Authenticator export: malformed percent-encoding');
  }
  const payload = readProtoFields(Buffer.from(data, 'base64'));
  const batchIndex = numberField(payload, 4, 0);
  const accounts = payload.filter((f) => f.field === 1 && f.wireType === 2)
    .map((f, i) => decodeParameters(f.value as Buffer, `Google Authenticator export, QR ${batchIndex + 1}, account ${i + 1}`));
  return { accounts, batchSize: Math.max(1, numberField(payload, 3, 1)), batchIndex, batchId: numberField(payload, 5, 0) };
}

/** Accounts of complete exports only: every batch of every `batch_id` must be present. */
export function collectMigrationBatches(batches: MigrationBatch[]): AccountDraft[] {
  const exports = new Map<number, Map<number, MigrationBatch>>();
  for (const batch of batches) {
    const seen = exports.get(batch.batchId) ?? new Map<number, MigrationBatch>();
    seen.set(batch.batchIndex, batch);
    exports.set(batch.batchId, seen);
  }
  const accounts: AccountDraft[] = [];
  for (const [batchId, seen] of exports) {
    const batchSize = Math.max(...[...seen.values()].map((batch) => batch.batchSize));
    const missing = Array.from({ length: batchSize }, (_, index) => index).filter((index) => !seen.has(index));
    if (missing.length > 0) throw new MigrationBatchesMissingError(batchId, batchSize, missing);
    for (const index of [...seen.keys()].sort((a, b) => a - b)) accounts.push(...seen.get(index)!.accounts);
  }
  return accounts;
}
