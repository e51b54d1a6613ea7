import { base32Encode } from './base32';
import { OtpKind, type OtpParams } from './types';

/** What an otpauth URI needs: an account's parameters and names, and its secret. */
export interface UriSource extends OtpParams {
  issuer: string;
  label: string;
  secret: Uint8Array;
}

/**
 * The account as an otpauth URI that `parseOtpauthUri` (and other apps) read back to the same codes.
 * Parameters are percent-encoded (RFC 3986), not form-encoded: Google and Microsoft Authenticator show
 * a form-encoded `+` literally ("Cloud+Console"). Steam is written as TOTP with `encoder=steam`
 * (KeePassXC's form), which also carries the issuer.
 */
export function formatOtpauthUri(account: UriSource): string {
  const type = account.kind === OtpKind.hotp ? 'hotp' : 'totp';
  const path = account.issuer === ''
    ? encodeURIComponent(account.label)
    : `${encodeURIComponent(account.issuer)}:${encodeURIComponent(account.label)}`;
  const params: Array<[string, string]> = [['secret', base32Encode(account.secret)]];
  if (account.issuer !== '') params.push(['issuer', account.issuer]);
  params.push(['algorithm', account.algorithm], ['digits', String(account.digits)]);
  if (account.kind === OtpKind.hotp) params.push(['counter', String(account.counter ?? 0)]);
  else params.push(['period', String(account.period)]);
  if (account.kind === OtpKind.steam) params.push(['encoder', 'steam']);
  return `otpauth://${type}/${path}?${params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
}
