import { OtpFormatError } from './errors';
import { arrayAt, isObject, objectAt, textAt, type JsonObject } from './json-fields';
import { draftFromText, type AccountDraft } from './otp-params';
import { OtpKind } from './types';

// Aegis vault format (beemdevelopment/Aegis docs/vault.md): { version: 1, header: { slots, params },
// db: { version, entries: [{ type, uuid, name, issuer, favorite?, group? (db v2), groups? (db v3: uuids),
// info: { secret (base32), algo, digits, period | counter } }], groups? (db v3: [{ uuid, name }]) } }.
// An encrypted vault has `db` as a base64 string and password slots in the header.
const KINDS: Record<string, OtpKind> = { totp: OtpKind.totp, hotp: OtpKind.hotp, steam: OtpKind.steam };

export function isAegisExport(json: unknown): json is JsonObject {
  return isObject(json) && isObject(json.header) && 'db' in json;
}

function groupNames(db: JsonObject): Map<string, string> {
  const names = new Map<string, string>();
  for (const group of Array.isArray(db.groups) ? db.groups : []) {
    if (isObject(group) && typeof group.uuid === 'string' && typeof group.name === 'string') names.set(group.uuid, group.name);
  }
  return names;
}

function entryGroup(entry: JsonObject, names: Map<string, string>): string | null {
  if (typeof entry.group === 'string' && entry.group !== '') return entry.group;
  const first = Array.isArray(entry.groups) ? entry.groups.find((uuid) => typeof uuid === 'string' && names.has(uuid)) : undefined;
  return typeof first === 'string' ? names.get(first)! : null;
}

export function parseAegisExport(json: JsonObject): AccountDraft[] {
  if (typeof json.db === 'string') {
    throw new OtpFormatError('this Aegis export is encrypted: export it again from Aegis without encryption (Settings → Import & Export)');
  }
  const db = objectAt(json.db, 'Aegis export');
  const groups = groupNames(db);
  return arrayAt(db.entries, 'Aegis export entries').map((item, index) => {
    const where = `Aegis export, entry ${index + 1}`;
    const entry = objectAt(item, where);
    const type = textAt(entry, 'type', where).toLowerCase();
    const kind = Object.hasOwn(KINDS, type) ? KINDS[type]! : undefined;
    if (!kind) throw new OtpFormatError(`${where}: unsupported type "${type}" (totp, hotp or steam)`);
    const info = objectAt(entry.info, `${where} info`);
    return draftFromText({
      kind,
      issuer: textAt(entry, 'issuer', where),
      label: textAt(entry, 'name', where),
      secret: textAt(info, 'secret', where),
      algorithm: textAt(info, 'algo', where),
      digits: info.digits,
      period: info.period,
      counter: info.counter,
      appearance: { pinned: entry.favorite === true, group: entryGroup(entry, groups) },
      position: index,
    }, where);
  });
}
