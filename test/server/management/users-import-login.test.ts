import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionId, postImport, storedUsers, waitForJobEnd } from '../../helpers/imports.js';
import { ARGON2, BCRYPT_2Y, OLD_PASSWORD, PBKDF2_SHA512, SCRYPT_OPENSSL } from '../../helpers/legacy-hash-vectors.js';
import { otpGrant } from '../../helpers/mfa.js';
import { buildTestServer, createClient, enableMfa, json, managementToken, oathtool, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';

/** A secret as an authenticator app holds it after an Auth0 enrollment (base32, 20 bytes). */
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('imported users sign in with their old password and their old authenticator app', () => {
  let server: TestServer;
  let client: TestClient;
  beforeEach(async () => {
    server = await buildTestServer();
    await enableMfa(server.app);
    client = await createClient(server.app);
  });
  afterEach(async () => server.close());

  const login = (email: string, password: string) =>
    tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: email, password });

  async function importRows(rows: unknown[]): Promise<void> {
    const token = await managementToken(server.app);
    const job = json(await postImport(server.app, rows, { connection_id: await connectionId(server) }, token)) as { id: string };
    const done = await waitForJobEnd(server.app, job.id, token);
    expect(done.summary).toEqual({ failed: 0, updated: 0, inserted: rows.length, total: rows.length });
  }

  it('bcrypt + TOTP: the old password, then the code oathtool computes from the old secret; the hash becomes scrypt', async () => {
    await importRows([{ email: 'ada@example.com', user_id: 'ada', password_hash: BCRYPT_2Y, mfa_factors: [{ totp: { secret: SECRET } }] }]);

    const wrong = await login('ada@example.com', 'not-the-password');
    expect({ status: wrong.statusCode, body: json(wrong) }).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'Wrong email or password.' } });
    expect((await storedUsers(server))[0]?.password_hash).toBe(BCRYPT_2Y);

    const first = await login('ada@example.com', OLD_PASSWORD);
    const { mfa_token: mfaToken, error } = json(first) as { mfa_token: string; error: string };
    expect({ status: first.statusCode, error }).toEqual({ status: 403, error: 'mfa_required' });
    const tokens = await otpGrant(server.app, client, mfaToken, oathtool(SECRET, server.clock.now()));
    expect(tokens.statusCode).toBe(200);
    expect(Object.keys(json(tokens) as object).sort()).toEqual(['access_token', 'expires_in', 'token_type']);

    // Rehashed with Tessera's scrypt, and the same password still works with the new hash.
    const rehashed = (await storedUsers(server))[0]?.password_hash ?? '';
    expect(rehashed).toMatch(/^scrypt\$/);
    server.clock.advance(30_000);
    expect((json(await login('ada@example.com', OLD_PASSWORD)) as { error: string }).error).toBe('mfa_required');
    expect((await storedUsers(server))[0]?.password_hash).toBe(rehashed);
  });

  it.each([
    ['argon2id', { algorithm: 'argon2', hash: { value: ARGON2.argon2id } }],
    ['pbkdf2-sha512', { algorithm: 'pbkdf2', hash: { value: PBKDF2_SHA512 } }],
    ['scrypt', SCRYPT_OPENSSL],
  ])('%s custom_password_hash: the old password signs in and is rehashed', async (_name, custom) => {
    await importRows([{ email: 'bo@example.com', custom_password_hash: custom }]);
    expect((json(await login('bo@example.com', `${OLD_PASSWORD}!`)) as { error: string }).error).toBe('invalid_grant');
    expect((json(await login('bo@example.com', OLD_PASSWORD)) as { error: string }).error).toBe('mfa_required');
    expect((await storedUsers(server))[0]?.password_hash).toMatch(/^scrypt\$/);
  });

  it('a user imported without a password cannot sign in with any', async () => {
    await importRows([{ email: 'cy@example.com' }]);
    for (const password of ['!', OLD_PASSWORD]) expect((json(await login('cy@example.com', password)) as { error: string }).error).toBe('invalid_grant');
  });
});
