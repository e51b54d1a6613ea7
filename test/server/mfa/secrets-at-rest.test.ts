import { afterEach, describe, expect, it } from 'vitest';
import { buildTestServer, enrollOtp, json, loginForMfaToken, oathtool, type TestServer } from '../../helpers/server.js';
import { tableSnapshot } from '../../helpers/db.js';
import { authenticatorRows, base32Decode, databaseBytes, mfaTenant, otpGrant, recoveryGrant, type MfaTenant } from '../../helpers/mfa.js';
import type { TestEngine } from '../../helpers/test-engine.js';

describe('MFA secrets at rest', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  async function start(engine?: TestEngine): Promise<void> {
    server = await buildTestServer(engine ? { engine } : {});
    tenant = await mfaTenant(server.app);
  }
  afterEach(() => server.close());

  /** Every form a stolen copy of the files could reveal a value in. */
  function expectAbsent(bytes: Buffer, label: string, value: string | Buffer): void {
    const needle = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    expect(needle.length, label).toBeGreaterThanOrEqual(16);
    expect(bytes.includes(needle), `${label} found in the database files`).toBe(false);
    if (typeof value === 'string') expect(bytes.includes(Buffer.from(value.toLowerCase(), 'utf8')), `${label} (lower case)`).toBe(false);
  }

  /** An enrolled user who then logged in with a recovery code: every kind of secret the server holds. */
  async function secretsInPlay() {
    const { app } = server;
    const enrollment = await enrollOtp(server, tenant.client);
    const recovery = enrollment.recoveryCode ?? '';
    const mfaToken = await loginForMfaToken(app, tenant.client, { scope: 'openid offline_access' });
    const recovered = json(await recoveryGrant(app, tenant.client, mfaToken, recovery)) as { recovery_code: string; refresh_token: string };
    const nextRecovery = recovered.recovery_code;
    expect(nextRecovery).toMatch(/^[A-Z0-9]{24}$/);

    const values: [string, string | Buffer][] = [
      ['base32 TOTP secret', enrollment.secret],
      ['raw TOTP seed bytes', base32Decode(enrollment.secret)],
      ['raw seed as hex', base32Decode(enrollment.secret).toString('hex')],
      ['raw seed as base64', base32Decode(enrollment.secret).toString('base64')],
      ['first recovery code', recovery],
      ['rotated recovery code', nextRecovery],
      ['enrollment mfa_token', enrollment.mfaToken],
      ['login mfa_token', mfaToken],
      ['refresh token', recovered.refresh_token],
    ];
    return { enrollment, values, nextRecovery };
  }

  // About the SQLite files on disk (the WAL, the closed file), so on SQLite whatever engine the run uses.
  it('keeps the TOTP seed, recovery codes and mfa_tokens out of the SQLite files, before and after a restart', async () => {
    await start('sqlite');
    const { clock } = server;
    const { enrollment, values, nextRecovery } = await secretsInPlay();

    // While the server runs, recent writes live in the WAL: read both files.
    const live = databaseBytes(server.dbPath);
    for (const [label, value] of values) expectAbsent(live, label, value);
    // The scan is not blind: plain data (the user's email, the authenticator id) is there.
    expect(live.includes(Buffer.from('ada@example.com'))).toBe(true);
    expect(live.includes(Buffer.from(enrollment.authenticatorId))).toBe(true);

    // The row holds an authenticated ciphertext and a keyed digest, nothing else.
    const rows = await authenticatorRows(server);
    expect(rows.map((row) => ({ kind: row.kind, secret_enc: row.secret_enc, code_digest: row.code_digest }))).toEqual([
      { kind: 'recovery-code', secret_enc: null, code_digest: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
      { kind: 'totp', secret_enc: expect.stringMatching(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/), code_digest: null },
    ]);

    const { dbPath, dataKey } = server;
    await server.close({ keepFiles: true });
    const closed = databaseBytes(dbPath);
    for (const [label, value] of values) expectAbsent(closed, label, value);

    // Same files and key after a restart: the sealed seed still verifies codes, the new recovery code still works.
    server = await buildTestServer({ dbPath, dataKey, clock });
    const again = await loginForMfaToken(server.app, tenant.client);
    expect((await otpGrant(server.app, tenant.client, again, oathtool(enrollment.secret, clock.now()))).statusCode).toBe(200);
    expect((await recoveryGrant(server.app, tenant.client, again, nextRecovery)).statusCode).toBe(200);
  });

  // The same values, looked for in every column of every table as the engine hands them out (on PostgreSQL,
  // what a dump or a read-only role would show).
  it('keeps the TOTP seed, recovery codes and mfa_tokens out of every stored column', async () => {
    await start();
    const { enrollment, values } = await secretsInPlay();
    const stored = Buffer.from(JSON.stringify(await tableSnapshot(server)), 'utf8');
    for (const [label, value] of values) expectAbsent(stored, label, value);
    // The scan is not blind: plain data is there.
    expect(stored.includes(Buffer.from('ada@example.com'))).toBe(true);
    expect(stored.includes(Buffer.from(enrollment.authenticatorId))).toBe(true);
  });
});
