import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './security/csp';
import { APP_SCHEME, resolveAppAsset } from './security/app-asset';

// Must run before `ready`. `standard` gives app://tessera a real origin (so 'self' and the IPC
// sender check work); `secure` makes it a secure context; `corsEnabled` lets Vite's
// `<script type="module" crossorigin>` load.
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

// Serves the built renderer. The CSP is attached here as well as in the session's
// onHeadersReceived, because custom-protocol responses are not guaranteed to pass through webRequest.
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async function serveAppAsset(request) {
    const file = resolveAppAsset(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    let response: Response;
    try {
      response = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
