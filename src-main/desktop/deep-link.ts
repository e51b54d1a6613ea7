/** What a `tessera://` link or an otpauth payload handed to the app asks for. */
export type DeepLink =
  | { action: 'add-account'; uri: string }
  | { action: 'enroll-push'; barcodeUri: string }
  | { action: 'enroll-ticket'; ticket: string; issuer: string };

export const APP_SCHEME = 'tessera';
const PAYLOAD = /^(tessera|otpauth|otpauth-migration):/i;
/** Links are typed by web pages; anything longer is not an enrollment. */
const MAX_LINK = 8 * 1024;

function param(url: URL, name: string): string | null {
  const value = url.searchParams.get(name);
  return value === null || value.trim() === '' ? null : value.trim();
}

function fromPayload(payload: string): DeepLink | null {
  if (/^otpauth-migration:\/\//i.test(payload)) return { action: 'add-account', uri: payload };
  if (!/^otpauth:\/\//i.test(payload)) return null;
  // A push enrollment QR (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators) is an otpauth URI with the enrollment transaction in it.
  return /[?&]enrollment_tx_id=/i.test(payload) ? { action: 'enroll-push', barcodeUri: payload } : { action: 'add-account', uri: payload };
}

function isHttpUrl(text: string): boolean {
  try {
    const protocol = new URL(text).protocol;
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * `tessera://otpauth?uri=…`, `tessera://enroll-push?uri=…`, `tessera://enroll?ticket=…&issuer=…`
 * (the link of the server's enrollment page), or a bare otpauth / otpauth-migration payload.
 * Null for anything else. Any web page can open such a link, so callers confirm with the user first.
 */
export function parseDeepLink(text: string): DeepLink | null {
  const link = text.trim();
  if (link.length > MAX_LINK || !PAYLOAD.test(link)) return null;
  if (!/^tessera:/i.test(link)) return fromPayload(link);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const target = url.hostname.toLowerCase();
  if (target === 'otpauth' || target === 'enroll-push') {
    const inner = param(url, 'uri');
    return inner === null ? null : fromPayload(inner);
  }
  if (target === 'enroll') {
    const ticket = param(url, 'ticket');
    const issuer = param(url, 'issuer');
    return ticket !== null && issuer !== null && isHttpUrl(issuer) ? { action: 'enroll-ticket', ticket, issuer } : null;
  }
  return null;
}

/** The link in a second instance's argv (Windows and Linux pass it as an argument). */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!PAYLOAD.test(arg)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}
