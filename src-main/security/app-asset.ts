import path from 'node:path';

// The built renderer is served from app://tessera/ rather than file://, because every file:// page
// shares one origin with the whole disk (Electron security checklist, "Avoid usage of the file:// protocol").
export const APP_SCHEME = 'app';
export const APP_HOST = 'tessera';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

// Maps an app:// request to a file inside rootDir, or null. Any path that would leave rootDir
// (encoded `%2f`, absolute paths) resolves to null, never to a file. Backslashes and NUL bytes are
// refused outright: Windows reads a backslash as a separator, and no built asset contains either.
export function resolveAppAsset(rootDir: string, requestUrl: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;

  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';

  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${relative}`);
  const fromRoot = path.relative(root, file);
  const escapes = fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot);
  if (fromRoot === '' || escapes) return null;
  return file;
}
