import path from 'node:path';
import type { CliContext } from './context';

/**
 * The CLI's data folder: `TESSERA_HOME`, else the platform's per-user application data folder.
 * The desktop app will choose its own folder (and keeps keys in the OS keychain, not here).
 */
export function tesseraHome(context: Pick<CliContext, 'env' | 'platform' | 'homedir'>): string {
  const { env, platform, homedir } = context;
  if (env.TESSERA_HOME) return path.resolve(env.TESSERA_HOME);
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming'), 'tessera', 'cli');
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', 'tessera', 'cli');
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(homedir, '.local', 'share'), 'tessera', 'cli');
}
