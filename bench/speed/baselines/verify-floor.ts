import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySync } from 'otplib';
import type { BaselineMessage } from '../baseline-process.js';
import { rs256PairSigner } from '../sign-pair.js';

/**
 * A floor for the `mfa-otp` verify, not a goal's baseline: the least a verify could do with the parts
 * Tessera is built from, in a plain process. One Fastify JSON route (logger off, no hooks, no schema), one
 * SQLite write transaction in WAL mode (read the user's authenticator, check the code with otplib, record
 * its step so it cannot be replayed, append one log row), and the two RS256 signatures of the goal's
 * baseline (its signer, sign-pair.ts). It leaves out what a real verify also does: client authentication,
 * the mfa_token's lookup and expiry, the seed's decryption, the attempt limit, the login record, the second
 * log row and every refusal path. What it costs ÷ the signature pair is the lowest ratio this stack could
 * print.
 *
 * argv[2]: JSON `[{ userId, secret }]`; the request's `mfa_token` is the user id. argv[3] `sign-only`: the
 * route skips the transaction and only signs (what answering with two signatures costs in a server).
 */
const PERIOD_S = 30;
const signOnly = process.argv[3] === 'sign-only';
const users = JSON.parse(process.argv[2] ?? '[]') as { userId: string; secret: string }[];
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-floor-'));
const db = new Database(join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`
  CREATE TABLE authenticators (user_id TEXT PRIMARY KEY, secret TEXT NOT NULL, last_step INTEGER);
  CREATE TABLE logs (seq INTEGER PRIMARY KEY, log_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, date INTEGER NOT NULL, user_id TEXT, details TEXT NOT NULL);
  CREATE INDEX logs_user ON logs(user_id, seq);
`);
const insertUser = db.prepare('INSERT INTO authenticators (user_id, secret) VALUES (?, ?)');
for (const user of users) insertUser.run(user.userId, user.secret);

const readAuthenticator = db.prepare<[string], { secret: string; last_step: number | null }>('SELECT secret, last_step FROM authenticators WHERE user_id = ?');
const recordStep = db.prepare('UPDATE authenticators SET last_step = ? WHERE user_id = ? AND (last_step IS NULL OR last_step < ?)');
const appendLog = db.prepare('INSERT INTO logs (log_id, type, date, user_id, details) VALUES (?, ?, ?, ?, ?)');

/** Checks the code (this step or the one before) and records its step, or answers false. */
const checkAndRecord = db.transaction((userId: string, otp: string, nowMs: number): boolean => {
  const row = readAuthenticator.get(userId);
  if (!row) return false;
  const epoch = Math.floor(nowMs / 1000);
  const result = verifySync({ strategy: 'totp', secret: row.secret, token: otp, epoch, epochTolerance: [PERIOD_S, 0], period: PERIOD_S });
  if (!result.valid) return false;
  const step = Math.floor(epoch / PERIOD_S) + result.delta;
  if (recordStep.run(step, userId, step).changes !== 1) return false;
  appendLog.run(randomBytes(16).toString('hex'), 'gd_otp_auth_success', nowMs, userId, '{}');
  return true;
});

const signPair = await rs256PairSigner();

const app = Fastify({ logger: false });
app.post<{ Body: { mfa_token?: string; otp?: string } }>('/oauth/token', async function verifyFloor(request, reply) {
  const { mfa_token: userId, otp } = request.body ?? {};
  if (typeof userId !== 'string' || typeof otp !== 'string' || (!signOnly && !checkAndRecord.immediate(userId, otp, Date.now()))) {
    return reply.code(403).send({ error: 'invalid_grant', error_description: 'Invalid otp_code.' });
  }
  const [accessToken, idToken] = await signPair();
  return { access_token: accessToken, id_token: idToken, scope: 'openid', expires_in: 86_400, token_type: 'Bearer' };
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
process.send!({ ready: true, port: address.port } satisfies BaselineMessage);
process.on('SIGTERM', () => {
  void app.close().then(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
