import type { Session } from 'electron';
import { withContentSecurityPolicy } from './security/csp';
import { isTrustedSender } from './security/trusted-sender';

// Session-wide rules that hold whatever a page does: our CSP on every app response (this is
// what covers the Vite dev server in development) and no device or browser permissions at all;
// an authenticator needs neither camera nor notifications until a feature asks for one explicitly.
export function applySessionPolicy(session: Session, allowedOrigins: readonly string[]): void {
  session.webRequest.onHeadersReceived(function addCsp(details, callback) {
    if (!isTrustedSender(details.url, allowedOrigins)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
