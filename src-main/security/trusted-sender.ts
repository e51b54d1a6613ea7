// Decides whether a URL belongs to the app's own pages. Used for IPC senders, navigation and CSP,
// so a page that is not ours (an injected iframe, a navigation we missed) can never reach main.

// Node's URL gives non-special schemes such as app:// an opaque "null" origin, while Chromium gives
// registered standard schemes a real one; so the origin is built from scheme and host, the same way
// for app://tessera and for the http://localhost dev server.
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

export function isTrustedSender(url: string | undefined, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  return allowedOrigins.some((allowed) => originOf(allowed) === origin);
}
