import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestServer, createClient, createUser, enableMfa, enrollOtp, json, type TestServer } from '../helpers/server.js';

describe('the whole OTP flow, in process', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  it('enrolls, confirms and lists an OTP authenticator', async () => {
    await enableMfa(server.app);
    const client = await createClient(server.app);
    await createUser(server.app);
    const enrollment = await enrollOtp(server, client);
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.recoveryCode).toMatch(/^[A-Z0-9]{24}$/);
    const list = await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${enrollment.mfaToken}` } });
    expect(json(list)).toEqual([
      { id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'recovery-code', active: true },
      { id: enrollment.authenticatorId, authenticator_type: 'otp', active: true },
    ]);
  });
});
