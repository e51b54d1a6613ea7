import { OtpFormatError } from './errors';
import { draftFromText, type AccountDraft } from './otp-params';
import { OtpKind } from './types';

// Key Uri Format (google-authenticator wiki): otpauth://TYPE/LABEL?PARAMETERS. The scheme and type are
// case-insensitive; `steam` as a type is what Aegis and 2FAS write.
const OTPAUTH = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i;
const KINDS: Record<string, OtpKind> = { totp: OtpKind.totp, hotp: OtpKind.hotp, steam: OtpKind.steam };

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OtpFormatError(`otpauth URI: malformed percent-encoding in the ${what}`);
  }
}

/** Query parameters with form decoding (`+` is a space, as URLSearchParams and most generators do). */
function queryParameters(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&').filter((part) => part !== '')) {
    const [rawName = '', ...rest] = pair.split('=');
    const name = decode(rawName.replace(/\+/g, ' '), 'parameters').toLowerCase();
    if (!params.has(name)) params.set(name, decode(rest.join('=').replace(/\+/g, ' '), `"${name}" parameter`));
  }
  return params;
}

/**
 * Label "Issuer:account" (the colon literal or %3A). A literal colon is looked for first so an issuer
 * holding an encoded colon survives the round trip through `formatOtpauthUri`.
 */
function splitLabel(rawLabel: string): { prefix: string | null; label: string } {
  const literal = rawLabel.indexOf(':');
  const at = literal >= 0 ? literal : rawLabel.search(/%3a/i);
  if (at < 0) return { prefix: null, label: decode(rawLabel, 'label').trim() };
  const separatorLength = literal >= 0 ? 1 : 3;
  return { prefix: decode(rawLabel.slice(0, at), 'label').trim(), label: decode(rawLabel.slice(at + separatorLength), 'label').trim() };
}

/** Parses one `otpauth://` URI into a checked draft; every refusal names what is wrong. */
export function parseOtpauthUri(uri: string): AccountDraft {
  const match = OTPAUTH.exec(uri.trim());
  if (!match) throw new OtpFormatError('not an otpauth:// URI');
  const [, rawType = '', rawLabel = '', query = ''] = match;
  const type = rawType.toLowerCase();
  const kindFromType = Object.hasOwn(KINDS, type) ? KINDS[type] : undefined;
  if (!kindFromType) throw new OtpFormatError(`otpauth URI: unsupported type "${rawType}" (totp, hotp or steam)`);
  const params = queryParameters(query);
  const secretText = params.get('secret');
  if (secretText === undefined || secretText.trim() === '') throw new OtpFormatError('otpauth URI: the secret parameter is missing');
  const { prefix, label } = splitLabel(rawLabel);
  const issuer = (params.get('issuer') || prefix || '').trim();
  const steam = kindFromType === OtpKind.steam || (kindFromType === OtpKind.totp
    && (params.get('encoder')?.toLowerCase() === 'steam' || issuer.toLowerCase() === 'steam'));
  return draftFromText({
    kind: steam ? OtpKind.steam : kindFromType,
    issuer,
    label,
    secret: secretText,
    algorithm: params.get('algorithm'),
    digits: params.get('digits'),
    period: params.get('period'),
    counter: params.get('counter'),
  }, 'otpauth URI');
}
