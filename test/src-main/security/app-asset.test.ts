import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../../src-main/security/app-asset';

const ROOT = path.resolve('/srv/tessera/out/renderer');

describe('resolveAppAsset', () => {
  it.each([
    ['app://tessera/', 'index.html'],
    ['app://tessera/index.html', 'index.html'],
    ['app://tessera/assets/index-abc.js?v=1#top', 'assets/index-abc.js'],
    ['app://tessera/assets/a%20b.png', 'assets/a b.png'],
  ])('maps %s into the renderer directory', (url, relative) => {
    expect(resolveAppAsset(ROOT, url)).toBe(path.join(ROOT, relative));
  });

  // The URL parser folds `..` (plain or %2e-encoded) before we see the path, so it cannot climb out.
  it.each([
    ['app://tessera/../../etc/passwd'],
    ['app://tessera/%2e%2e/%2e%2e/etc/passwd'],
  ])('keeps dot segments of %s inside the renderer directory', (url) => {
    expect(resolveAppAsset(ROOT, url)).toBe(path.join(ROOT, 'etc', 'passwd'));
  });

  it.each([
    ['an encoded slash', 'app://tessera/..%2f..%2fetc%2fpasswd'],
    ['an encoded backslash', 'app://tessera/..%5c..%5cetc%5cpasswd'],
    ['a sibling directory sharing the prefix', 'app://tessera/..%2frenderer-secrets%2fkey'],
    ['a NUL byte', 'app://tessera/index.html%00.png'],
    ['malformed percent-encoding', 'app://tessera/%E0%A4%A'],
    ['another host', 'app://other/index.html'],
    ['another scheme', 'file:///srv/tessera/out/renderer/index.html'],
    ['not a URL', '::'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppAsset(ROOT, url)).toBeNull();
  });
});
