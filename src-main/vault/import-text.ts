import { isAegisExport, parseAegisExport } from './aegis-import';
import { isBackupEnvelope } from './backup';
import { OtpFormatError } from './errors';
import { collectMigrationBatches, parseMigrationUri, type MigrationBatch } from './google-migration';
import type { JsonObject } from './json-fields';
import type { AccountDraft } from './otp-params';
import { parseOtpauthUri } from './otpauth-uri';
import { isTwoFasExport, parseTwoFasExport } from './twofas-import';

export type ParsedImport =
  | { type: 'accounts'; source: string; drafts: AccountDraft[] }
  | { type: 'backup'; envelope: JsonObject };

/**
 * Lines of `otpauth://` and `otpauth-migration://` URIs (blank lines and `#` comments ignored): the
 * plain export of Tessera, Aegis, Ente and others, and Google Authenticator QR codes read as text.
 */
function parseUriList(text: string): ParsedImport {
  const drafts: AccountDraft[] = [];
  const batches: MigrationBatch[] = [];
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  lines.forEach((line, index) => {
    if (line === '' || line.startsWith('#')) return;
    try {
      if (/^otpauth-migration:/i.test(line)) batches.push(parseMigrationUri(line));
      else if (/^otpauth:/i.test(line)) drafts.push(parseOtpauthUri(line));
      else throw new OtpFormatError('expected an otpauth:// or otpauth-migration:// URI');
    } catch (error) {
      throw error instanceof OtpFormatError ? new OtpFormatError(`line ${index + 1}: ${error.message}`) : error;
    }
  });
  const migrated = collectMigrationBatches(batches);
  if (drafts.length + migrated.length === 0) throw new OtpFormatError('no accounts found');
  const source = migrated.length > 0 ? (drafts.length > 0 ? 'otpauth list and Google Authenticator export' : 'Google Authenticator export') : 'otpauth list';
  return { type: 'accounts', source, drafts: [...drafts, ...migrated] };
}

/** Recognises an import by its content, not its file name. */
export function parseImportText(text: string): ParsedImport {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed.startsWith('{')) return parseUriList(trimmed);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new OtpFormatError('the file looks like JSON but does not parse');
  }
  if (isBackupEnvelope(json)) return { type: 'backup', envelope: json };
  if (isAegisExport(json)) return { type: 'accounts', source: 'Aegis export', drafts: parseAegisExport(json) };
  if (isTwoFasExport(json)) return { type: 'accounts', source: '2FAS backup', drafts: parseTwoFasExport(json) };
  throw new OtpFormatError('unrecognised JSON: expected a Tessera backup, an Aegis export or a 2FAS backup');
}
