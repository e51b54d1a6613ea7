import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAuthenticators, mfaTenant, otpGrant, type MfaTenant } from '../../helpers/mfa.js';
import { buildTestServer, enrollOtp, json, mgmt, oathtool, type Enrollment, type TestServer } from '../../helpers/server.js';

/**
 * An mfa_token dies with its user: the MFA routes no longer read the user behind a token (the store's
 * foreign key deletes a user's MFA transactions with the user), so this is what says a deleted user's
 * token is refused, on either engine.
 */
describe('an mfa_token of a deleted user', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  let enrollment: Enrollment;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
    enrollment = await enrollOtp(server, tenant.client);
    expect((await mgmt(server.app, 'DELETE', `/api/v2/users/${encodeURIComponent(tenant.user.user_id)}`)).statusCode).toBe(204);
  });
  afterEach(() => server.close());

  it('is refused by GET /mfa/authenticators', async () => {
    const response = await listAuthenticators(server.app, enrollment.mfaToken);
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual({ error: 'invalid_token', error_description: 'Malformed mfa_token' });
  });

  it('is refused by the mfa-otp grant, even with a right code', async () => {
    const response = await otpGrant(server.app, tenant.client, enrollment.mfaToken, oathtool(enrollment.secret, server.clock.now()));
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({ error: 'invalid_grant', error_description: 'Malformed mfa_token' });
  });
});
