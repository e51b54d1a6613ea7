import { EnrollmentUriError } from './errors';

const APPLIANCE_SEGMENT = 'appliance-mfa';

export const GuardianPath = {
  enroll: 'api/enroll',
  resolveTransaction: 'api/resolve-transaction',
  deviceAccounts: 'api/device-accounts',
} as const;

// Auth0's own Guardian hosts serve the API at the root (Guardian.swift `appendingPathComponentIfNeeded`,
// Guardian.Android `GuardianAPIClient.appendingPathComponentIfNeeded`; https://github.com/auth0/Guardian.swift, https://github.com/auth0/Guardian.Android).
function isGuardianHost(hostname: string): boolean {
  return hostname.endsWith('guardian.auth0.com') || /^guardian\.[^.]+\.auth0\.com$/.test(hostname);
}

/**
 * The Guardian API base, always ending in `/`: `appliance-mfa` is appended unless the path already has it,
 * so `http://h:3000`, `http://h:3000/` and `http://h:3000/appliance-mfa` all give `http://h:3000/appliance-mfa/`.
 */
export function guardianBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new EnrollmentUriError(`base_url is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnrollmentUriError(`base_url must be http or https, got ${url.protocol}`);
  }
  if (url.username || url.password) throw new EnrollmentUriError('base_url must not carry credentials');
  const segments = url.pathname.split('/').filter(Boolean);
  const hasAppliance = segments.some((segment) => segment.toLowerCase() === APPLIANCE_SEGMENT);
  if (!hasAppliance && !isGuardianHost(url.hostname)) segments.push(APPLIANCE_SEGMENT);
  url.pathname = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `{base}/api/...`; `baseUrl` comes from `guardianBaseUrl`, so it already ends in `/`. */
export function guardianUrl(baseUrl: string, path: string): string {
  return `${baseUrl}${path}`;
}

/** The collection URL, used as `aud` of the device JWT (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift`). */
export function deviceAccountsAudience(baseUrl: string): string {
  return guardianUrl(baseUrl, GuardianPath.deviceAccounts);
}

export function deviceAccountUrl(baseUrl: string, enrollmentId: string, suffix = ''): string {
  return `${deviceAccountsAudience(baseUrl)}/${encodeURIComponent(enrollmentId)}${suffix}`;
}
