import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRow } from '../../../server/store/audit-log.js';
import { queryRows } from '../../helpers/db.js';
import { buildTestServer, json, loginForMfaToken, oathtool, PASSWORD, type TestServer } from '../../helpers/server.js';

/** A logs row as SQLite holds it (read past the store): details as JSON text. */
type StoredLog = Omit<LogRow, 'details'> & { details: string };
import {
  associate,
  deleteAuthenticator,
  mfaAccessToken,
  mfaTenant,
  otpGrant,
  recoveryGrant,
  type MfaTenant,
} from '../../helpers/mfa.js';

const STEP_MS = 30_000;


/** Every value an attacker would want out of the log, gathered while driving the flows. */
interface Secrets {
  long: string[];
  otpCodes: string[];
}

describe('the audit log of the MFA flows', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
  });
  afterEach(() => server.close());

  /** Enroll, log in, fail OTP until locked, use and miss recovery codes, remove the OTP. */
  async function driveEveryFlow(): Promise<{ secrets: Secrets; authenticatorId: string }> {
    const { app, clock } = server;
    const { client } = tenant;
    const secrets: Secrets = { long: [PASSWORD, client.client_secret], otpCodes: [] };

    const firstToken = await loginForMfaToken(app, client);
    const association = json(await associate(app, firstToken)) as { secret: string; recovery_codes: string[] };
    const firstRecovery = association.recovery_codes[0] ?? '';
    secrets.long.push(firstToken, association.secret, firstRecovery);
    const confirmCode = oathtool(association.secret, clock.now());
    secrets.otpCodes.push(confirmCode);
    expect((await otpGrant(app, client, firstToken, confirmCode)).statusCode).toBe(200);
    clock.advance(STEP_MS);

    const secondCode = oathtool(association.secret, clock.now());
    secrets.otpCodes.push(secondCode);
    const remover = await mfaAccessToken(server, client, association.secret, 'remove:authenticators read:authenticators');
    secrets.long.push(remover);
    const list = json(await app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${remover}` } })) as {
      id: string;
      authenticator_type: string;
    }[];
    const authenticatorId = list.find((row) => row.authenticator_type === 'otp')?.id ?? '';

    const thirdToken = await loginForMfaToken(app, client);
    secrets.long.push(thirdToken);
    // One replay of the code just used, then wrong codes, until the bucket is empty.
    expect((await otpGrant(app, client, thirdToken, secondCode)).statusCode).toBe(403);
    const valid = new Set([oathtool(association.secret, clock.now()), oathtool(association.secret, clock.now() - STEP_MS)]);
    const wrong = ['135791', '246802', '975310', '864209', '112358', '314159', '271828', '161803', '141421'].filter((c) => !valid.has(c));
    for (const code of wrong.slice(0, 9)) {
      secrets.otpCodes.push(code);
      expect((await otpGrant(app, client, thirdToken, code)).statusCode).toBe(403);
    }
    expect(wrong).toHaveLength(9);
    expect((await otpGrant(app, client, thirdToken, oathtool(association.secret, clock.now()))).statusCode).toBe(429);

    const recovered = await recoveryGrant(app, client, thirdToken, firstRecovery);
    expect(recovered.statusCode).toBe(200);
    const { recovery_code: nextRecovery, access_token: accessToken } = json(recovered) as { recovery_code: string; access_token: string };
    secrets.long.push(nextRecovery, accessToken);
    expect((await recoveryGrant(app, client, thirdToken, firstRecovery)).statusCode).toBe(403);

    expect((await deleteAuthenticator(app, remover, authenticatorId)).statusCode).toBe(204);
    return { secrets, authenticatorId };
  }

  it('records each step under its Auth0 event code, in order', async () => {
    const { authenticatorId } = await driveEveryFlow();
    const rows = await queryRows<StoredLog>(server, "SELECT * FROM logs WHERE user_id = $1 AND type <> 'sapi' ORDER BY seq", tenant.user.user_id);
    const otpDetails = { authenticator: { id: authenticatorId, type: 'otp' } };
    const invalid = { factor: 'otp', reason: 'Invalid OTP code' };
    const expected: [string, string, Record<string, unknown>][] = [
      ['mfar', 'Multi-factor authentication required', { enrolled: false }],
      ['gd_start_enroll', 'MFA Enroll started', otpDetails],
      ['gd_enrollment_complete', 'MFA enrollment complete', otpDetails],
      ['gd_auth_succeed', 'MFA Auth success', otpDetails],
      ['seotpft', 'Successful exchange of Password and OTP Challenge for Access Token', {}],
      ['mfar', 'Multi-factor authentication required', { enrolled: true }],
      ['gd_auth_succeed', 'MFA Auth success', otpDetails],
      ['seotpft', 'Successful exchange of Password and OTP Challenge for Access Token', {}],
      ['mfar', 'Multi-factor authentication required', { enrolled: true }],
      ['gd_auth_failed', 'MFA Auth failed', { factor: 'otp', reason: 'OTP code already used' }],
      ['feotpft', 'OTP code already used', {}],
      ...Array.from({ length: 9 }, (): [string, string, Record<string, unknown>][] => [
        ['gd_auth_failed', 'MFA Auth failed', invalid],
        ['feotpft', 'Invalid OTP code', {}],
      ]).flat(),
      ['gd_otp_rate_limit_exceed', 'Too many MFA failures', {}],
      ['gd_recovery_succeed', 'MFA recovery success', { authenticator: { id: expect.stringMatching(/^recovery-code\|dev_/), type: 'recovery-code' } }],
      ['sercft', 'Successful exchange of Password and MFA Recovery code for Access Token', {}],
      ['gd_recovery_failed', 'Recovery failed', {}],
      ['fercft', 'Failed exchange of Password and MFA Recovery code for Access Token', {}],
      ['gd_unenroll', 'Unenroll device account', { authenticator: { id: authenticatorId, type: 'totp' }, initiator: 'user' }],
    ];
    expect(rows.map((row) => [row.type, row.description, JSON.parse(row.details) as unknown])).toEqual(expected);
    for (const row of rows) {
      expect(row).toEqual({
        seq: expect.any(Number),
        log_id: expect.stringMatching(/^\d{15}[0-9a-f]{16}$/),
        type: row.type,
        date: expect.any(Number),
        description: row.description,
        client_id: tenant.client.client_id,
        client_name: 'Test App',
        user_id: tenant.user.user_id,
        user_name: 'ada@example.com',
        ip: '127.0.0.1',
        user_agent: 'lightMyRequest',
        details: row.details,
      });
    }
  });

  it('never records a secret, an OTP code, a recovery code or a token', async () => {
    const { secrets } = await driveEveryFlow();
    const rows = await queryRows<StoredLog>(server, 'SELECT * FROM logs ORDER BY seq');
    expect(rows.length).toBeGreaterThan(30);
    const whole = rows.map((row) => JSON.stringify(row)).join('\n');
    // Free-text columns only for the 6-digit codes: numeric ids and dates may hold any six digits by chance.
    const text = rows.map((row) => [row.type, row.description, row.details, row.user_name, row.client_name, row.ip, row.user_agent].join('\t')).join('\n');
    expect(secrets.long.length).toBe(9);
    for (const secret of secrets.long) {
      expect(secret.length).toBeGreaterThanOrEqual(24);
      expect(whole).not.toContain(secret);
      expect(whole.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(secrets.otpCodes).toHaveLength(11);
    for (const code of secrets.otpCodes) expect(text).not.toContain(code);
    // The scan does see what the log is meant to hold.
    expect(whole).toContain(tenant.user.user_id);
    expect(text).toContain('Invalid OTP code');
  });
});
