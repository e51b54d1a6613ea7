import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Random } from '../deps.js';
import { writeFileDurably } from '../durable-file.js';

export const DATA_KEY_FILE = 'data.key';

/** Accepts 32 bytes as 64 hex characters or base64/base64url. */
export function parseDataKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64url');
  if (key.length !== 32) throw new Error('TESSERA_DATA_KEY must encode 32 bytes (64 hex characters or base64).');
  return key;
}

/**
 * The data key is kept outside the database: from TESSERA_DATA_KEY when set, otherwise from a
 * 0600 key file in the data dir, created on first start. The desktop app passes a key from the keychain.
 */
export function loadDataKey(dataDir: string, env: NodeJS.ProcessEnv, random: Random): { key: Buffer; source: string } {
  if (env.TESSERA_DATA_KEY) return { key: parseDataKey(env.TESSERA_DATA_KEY), source: 'TESSERA_DATA_KEY' };
  const path = join(dataDir, DATA_KEY_FILE);
  if (!existsSync(path)) {
    // Never a torn or empty key file: a start killed while writing it would otherwise never start again.
    writeFileDurably(path, random.bytes(32).toString('base64url') + '\n', { exclusive: true });
  }
  return { key: parseDataKey(readFileSync(path, 'utf8')), source: path };
}
