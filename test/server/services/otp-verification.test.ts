import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tessera } from '../../../server/context.js';
import { attemptOtp } from '../../../server/services/otp-verification.js';
import { OTP_FAILURE_BUCKET } from '../../../server/services/rate-limits.js';
import type { AuthenticatorRow } from '../../../server/store/authenticators.js';
import { wrongCode } from '../../helpers/mfa-admin.js';
import { buildTestServer, createClient, createUser, enableMfa, enrollOtp, oathtool, type Enrollment, type TestServer } from '../../helpers/server.js';

describe('attemptOtp: the one path that accepts a TOTP code', () => {
  let server: TestServer;
  let t: Tessera;
  let userId: string;
  let enrollment: Enrollment;
  /** Read once: later attempts hold a row from before the step was spent, as a parallel request would. */
  let staleRow: AuthenticatorRow;
  beforeEach(async () => {
    server = await buildTestServer();
    t = server.app.tessera;
    await enableMfa(server.app);
    const client = await createClient(server.app);
    userId = (await createUser(server.app)).user_id;
    enrollment = await enrollOtp(server, client);
    staleRow = (await t.store.authenticators.find(enrollment.authenticatorId))!;
  });
  afterEach(() => server.close());

  const code = () => oathtool(enrollment.secret, server.clock.now());
  it('accepts a code once, even for a caller holding a row read before the step was spent', async () => {
    const first = await attemptOtp(t, { userId, candidates: [staleRow], code: code() });
    expect(first).toEqual({ status: 'accepted', authenticator: staleRow, confirmed: false });
    expect((await attemptOtp(t, { userId, candidates: [staleRow], code: code() }))).toEqual({ status: 'rejected', replayed: true, lockedOut: false });
  });

  it('spends the code and the bound thing together: a spent binding refuses the code and leaves its step unspent', async () => {
    expect((await attemptOtp(t, { userId, candidates: [staleRow], code: code(), spendWith: async () => false }))).toEqual({ status: 'conflict' });
    expect((await t.store.authenticators.find(staleRow.id))?.last_used_step).toBe(staleRow.last_used_step);
    expect((await attemptOtp(t, { userId, candidates: [staleRow], code: code(), spendWith: async () => true })).status).toBe('accepted');
  });

  it('a right code and a conflict cost no attempt; a wrong one does, and the tenth reports the lockout', async () => {
    await attemptOtp(t, { userId, candidates: [staleRow], code: code(), spendWith: async () => false });
    await attemptOtp(t, { userId, candidates: [staleRow], code: code() });
    const wrong = wrongCode(enrollment.secret, server.clock.now());
    for (let i = 1; i < OTP_FAILURE_BUCKET.capacity; i++) {
      expect((await attemptOtp(t, { userId, candidates: [staleRow], code: wrong }))).toEqual({ status: 'rejected', replayed: false, lockedOut: false });
    }
    expect((await attemptOtp(t, { userId, candidates: [staleRow], code: wrong }))).toEqual({ status: 'rejected', replayed: false, lockedOut: true });
    expect((await attemptOtp(t, { userId, candidates: [staleRow], code: code() }))).toEqual({ status: 'locked' });
  });
});
