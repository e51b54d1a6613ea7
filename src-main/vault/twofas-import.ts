import { OtpFormatError } from './errors';
import { arrayAt, isObject, objectAt, textAt, type JsonObject } from './json-fields';
import { draftFromText, type AccountDraft } from './otp-params';
import { OtpKind } from './types';

// 2FAS backup (`.2fas`, schemaVersion 3–4): { services: [{ name, secret, otp: { account, label, issuer,
// digits, period, algorithm, counter, tokenType: TOTP|HOTP|STEAM }, order: { position }, groupId? }],
// groups: [{ id, name }], schemaVersion, appOrigin }. With a password, `servicesEncrypted` holds the
// services and `services` is empty.
const KINDS: Record<string, OtpKind> = { TOTP: OtpKind.totp, HOTP: OtpKind.hotp, STEAM: OtpKind.steam };

export function isTwoFasExport(json: unknown): json is JsonObject {
  return isObject(json) && Array.isArray(json.services) && ('schemaVersion' in json || 'servicesEncrypted' in json);
}

export function parseTwoFasExport(json: JsonObject): AccountDraft[] {
  const services = arrayAt(json.services, '2FAS backup services');
  if (services.length === 0 && typeof json.servicesEncrypted === 'string' && json.servicesEncrypted !== '') {
    throw new OtpFormatError('this 2FAS backup is password-protected: export it again from 2FAS without a password');
  }
  const groups = new Map<string, string>();
  for (const group of Array.isArray(json.groups) ? json.groups : []) {
    if (isObject(group) && typeof group.id === 'string' && typeof group.name === 'string') groups.set(group.id, group.name);
  }
  return services.map((item, index) => {
    const where = `2FAS backup, service ${index + 1}`;
    const service = objectAt(item, where);
    const otp = isObject(service.otp) ? service.otp : {};
    const tokenType = (textAt(otp, 'tokenType', where) || 'TOTP').toUpperCase();
    const kind = Object.hasOwn(KINDS, tokenType) ? KINDS[tokenType]! : undefined;
    if (!kind) throw new OtpFormatError(`${where}: unsupported token type "${tokenType}" (TOTP, HOTP or STEAM)`);
    const order = isObject(service.order) && typeof service.order.position === 'number' ? service.order.position : index;
    const groupId = typeof service.groupId === 'string' ? service.groupId : '';
    return draftFromText({
      kind,
      issuer: textAt(otp, 'issuer', where) || textAt(service, 'name', where),
      label: textAt(otp, 'account', where) || textAt(otp, 'label', where),
      secret: textAt(service, 'secret', where),
      algorithm: textAt(otp, 'algorithm', where),
      digits: otp.digits,
      period: otp.period,
      counter: otp.counter,
      appearance: { group: groups.get(groupId) ?? null },
      position: order,
    }, where);
  });
}
