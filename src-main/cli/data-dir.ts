import path from 'node:path';
import type { CliContext } from './context';

type Where = Pick<CliContext, 'env' | 'platform' | 'homedir'>;

/** The desktop app's name as Electron knows it: package.json has no `productName`, so `name` ("tessera"). */
const DESKTOP_APP_NAME = 'tessera';

/**
 * The CLI's own data folder (the otp vault): `TESSERA_HOME`, else the platform's per-user application data
 * folder. The desktop app keeps its data elsewhere (`desktopDataDir`).
 */
export function tesseraHome(context: Where): string {
  const { env, platform, homedir } = context;
  if (env.TESSERA_HOME) return path.resolve(env.TESSERA_HOME);
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming'), 'tessera', 'cli');
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', 'tessera', 'cli');
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(homedir, '.local', 'share'), 'tessera', 'cli');
}

/**
 * The desktop app's data folder, Electron's `app.getPath('userData')`: its `appData` (`%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` or `~/.config` on Linux) joined with the app's
 * name (https://www.electronjs.org/docs/latest/api/app#appgetpathname). `tessera admin` shares the app's
 * connection store and embedded server through it; `TESSERA_APP_DATA` points elsewhere (tests, a portable app).
 */
export function desktopDataDir(context: Where): string {
  const { env, platform, homedir } = context;
  if (env.TESSERA_APP_DATA) return path.resolve(env.TESSERA_APP_DATA);
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming'), DESKTOP_APP_NAME);
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', DESKTOP_APP_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(homedir, '.config'), DESKTOP_APP_NAME);
}
