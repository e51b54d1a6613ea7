import { describe, expect, it } from 'vitest';
import { isTrustedSender, originOf } from '../../../src-main/security/trusted-sender';

const PRODUCTION = ['app://tessera'];
const DEVELOPMENT = ['http://localhost:5173/'];

describe('isTrustedSender', () => {
  it.each([
    ['app://tessera/index.html', PRODUCTION],
    ['app://tessera/', PRODUCTION],
    ['app://tessera/settings?tab=1#x', PRODUCTION],
    ['http://localhost:5173/', DEVELOPMENT],
    ['http://localhost:5173/src/main.tsx', DEVELOPMENT],
  ])('accepts the app page %s', (url, allowed) => {
    expect(isTrustedSender(url, allowed)).toBe(true);
  });

  it.each([
    ['a different host on the app scheme', 'app://evil/index.html', PRODUCTION],
    ['credentials hiding the real host', 'app://tessera@evil/index.html', PRODUCTION],
    ['a look-alike host', 'app://tessera.evil/index.html', PRODUCTION],
    ['a file:// page', 'file:///etc/passwd', PRODUCTION],
    ['a web page', 'https://example.com/', PRODUCTION],
    ['about:blank', 'about:blank', PRODUCTION],
    ['a data: URL', 'data:text/html,<script>1</script>', PRODUCTION],
    ['devtools', 'devtools://devtools/bundled/inspector.html', PRODUCTION],
    ['another port on the dev host', 'http://localhost:5174/', DEVELOPMENT],
    ['https instead of http', 'https://localhost:5173/', DEVELOPMENT],
    ['a malformed URL', 'not a url', PRODUCTION],
    ['an empty URL', '', PRODUCTION],
    ['a destroyed frame', undefined, PRODUCTION],
    ['an app page when nothing is allowed', 'app://tessera/index.html', []],
  ])('rejects %s', (_name, url, allowed) => {
    expect(isTrustedSender(url, allowed)).toBe(false);
  });
});

describe('originOf', () => {
  it('builds a real origin for the non-special app scheme, where Node says "null"', () => {
    expect(new URL('app://tessera/index.html').origin).toBe('null');
    expect(originOf('app://tessera/index.html')).toBe('app://tessera');
  });
});
