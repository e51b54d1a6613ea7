// The app's Content Security Policy, sent as a response header for every app page and repeated
// in src-renderer/index.html's <meta> (a meta CSP cannot carry frame-ancestors, the header can).
// Inline styles are allowed because React's `style` prop needs them; scripts are never inline.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Header names arrive in any case; drop every existing CSP so ours is the only one enforced.
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  );
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}
