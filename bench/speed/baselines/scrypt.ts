import { randomBytes, scrypt } from 'node:crypto';
import { SCRYPT_COST } from '../../../server/crypto/passwords.js';
import { runPool } from '../pool.js';
import { serveRuns } from '../baseline-process.js';

/**
 * The floor for a password login: raw `crypto.scrypt` at the server's production cost (read from
 * server/crypto/passwords.ts, so the two cannot drift apart), on libuv's default pool as in the server,
 * `concurrency` at a time. Key length and maxmem as the server uses them.
 */
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;
const salt = randomBytes(16);

function hashOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    scrypt('correct horse battery staple', salt, KEY_LENGTH, { ...SCRYPT_COST, maxmem: MAX_MEMORY }, (error) => (error ? reject(error) : resolve()));
  });
}

await runPool(4, 4, hashOnce);
serveRuns(async (hashes, concurrency) => {
  await runPool(hashes, concurrency, hashOnce);
});
