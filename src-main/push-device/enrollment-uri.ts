import { guardianBaseUrl } from './base-url';
import { EnrollmentUriError } from './errors';

/** What a push enrollment QR code tells the device (https://github.com/auth0/auth0-guardian.js `lib/utils/enrollment_uri_helper.js`). */
export interface EnrollmentUri {
  enrollmentTxId: string;
  /** Normalised with `guardianBaseUrl`: ends in `/`, contains `appliance-mfa`. */
  baseUrl: string;
  issuerName: string | null;
  accountLabel: string | null;
}

// Scheme, host and query keys are matched case-insensitively: `/mfa/associate` writes `algorithm=SHA1`
// while the SDKs write lowercase, and QR scanners sometimes upper-case the scheme.
function queryParam(url: URL, name: string): string | null {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === name) return value;
  return null;
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new EnrollmentUriError('not an enrollment URI');
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// auth0-guardian.js `enrollment_uri_helper`: path = encodeURIComponent(issuer) + ':' + encodeURIComponent(label).
function parseLabel(pathname: string): Pick<EnrollmentUri, 'issuerName' | 'accountLabel'> {
  const label = safeDecode(pathname.replace(/^\/+/, ''));
  if (label === '') return { issuerName: null, accountLabel: null };
  const colon = label.indexOf(':');
  if (colon < 0) return { issuerName: null, accountLabel: label };
  return { issuerName: label.slice(0, colon) || null, accountLabel: label.slice(colon + 1) || null };
}

function parseOtpauth(url: URL): EnrollmentUri {
  if (url.hostname.toLowerCase() !== 'totp') throw new EnrollmentUriError('expected otpauth://totp/…');
  const enrollmentTxId = queryParam(url, 'enrollment_tx_id');
  if (!enrollmentTxId) throw new EnrollmentUriError('the URI has no enrollment_tx_id: it is not a push enrollment');
  let base = queryParam(url, 'base_url');
  if (!base) throw new EnrollmentUriError('the URI has no base_url: the server to enroll with is unknown');
  // Tolerate a generator that encoded the value twice.
  if (/^https?%3a/i.test(base)) base = safeDecode(base);
  return { enrollmentTxId, baseUrl: guardianBaseUrl(base), ...parseLabel(url.pathname) };
}

/** Accepts `otpauth://totp/…?enrollment_tx_id=…&base_url=…` and `tessera://enroll-push?uri=<encoded otpauth URI>`. */
export function parseEnrollmentUri(uri: string): EnrollmentUri {
  const url = parseUrl(uri.trim());
  const scheme = url.protocol.toLowerCase();
  if (scheme === 'otpauth:') return parseOtpauth(url);
  if (scheme === 'tessera:' && url.hostname.toLowerCase() === 'enroll-push') {
    const inner = queryParam(url, 'uri');
    if (!inner) throw new EnrollmentUriError('tessera://enroll-push needs a uri parameter');
    const innerUrl = parseUrl(inner.trim());
    if (innerUrl.protocol.toLowerCase() !== 'otpauth:') throw new EnrollmentUriError('the wrapped uri must be otpauth://');
    return parseOtpauth(innerUrl);
  }
  throw new EnrollmentUriError(`unsupported enrollment URI scheme ${scheme}`);
}
