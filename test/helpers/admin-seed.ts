import { deny, DenyReason } from '../../src-main/push-device';
import { GRANT_TYPES } from '../../server/grants/types.js';
import { expectOk, enrollPushUser, listen, loginForMfaToken, MFA_OOB_GRANT, PUSH_FACTORS, startPushLogin, type PushTessera } from './push.js';
import { oathtool, PASSWORD, type TestClient } from './server.js';

/** Who the seeded tenant holds, and what each has enrolled (the console's tests read it, never guess it). */
export interface SeededPerson {
  email: string;
  name: string;
  userId: string;
  mfa: 'none' | 'otp' | 'push' | 'push-locked';
  /** The first enrollment's recovery code (OTP or push). */
  recoveryCode: string | null;
}

/** Twelve people, as a small company's tenant would hold them: a few with OTP, two with push (one locked), the rest none yet. */
const PEOPLE: Omit<SeededPerson, 'userId' | 'recoveryCode'>[] = [
  { email: 'ada.lovelace@example.com', name: 'Ada Lovelace', mfa: 'otp' },
  { email: 'grace.hopper@example.com', name: 'Grace Hopper', mfa: 'push' },
  { email: 'alan.turing@example.com', name: 'Alan Turing', mfa: 'push-locked' },
  { email: 'katherine.johnson@example.com', name: 'Katherine Johnson', mfa: 'otp' },
  { email: 'edsger.dijkstra@example.com', name: 'Edsger Dijkstra', mfa: 'none' },
  { email: 'barbara.liskov@example.com', name: 'Barbara Liskov', mfa: 'none' },
  { email: 'donald.knuth@example.com', name: 'Donald Knuth', mfa: 'otp' },
  { email: 'margaret.hamilton@example.com', name: 'Margaret Hamilton', mfa: 'none' },
  { email: 'radia.perlman@example.com', name: 'Radia Perlman', mfa: 'otp' },
  { email: 'john.mccarthy@example.com', name: 'John McCarthy', mfa: 'none' },
  { email: 'frances.allen@example.com', name: 'Frances Allen', mfa: 'none' },
  { email: 'tim.berners-lee@example.com', name: 'Tim Berners-Lee', mfa: 'none' },
];

/** Login → associate OTP → the first code, over HTTP as an app would; returns the recovery code the first enrollment gives. */
async function enrollOtpOverHttp(server: PushTessera, client: TestClient, email: string): Promise<string | null> {
  const mfaToken = await loginForMfaToken(server, client, email);
  const associate = expectOk(
    await server.call<{ secret: string; recovery_codes?: string[] }>('POST', '/mfa/associate', { bearer: mfaToken, json: { authenticator_types: ['otp'] } }),
  );
  expectOk(
    await server.call('POST', '/oauth/token', {
      form: { grant_type: GRANT_TYPES.mfaOtp, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, otp: oathtool(associate.secret, Date.now()) },
    }),
  );
  return associate.recovery_codes?.[0] ?? null;
}

/** The device answers "this wasn't me" to a login, which locks the person's push (lock_on_reject is on). */
async function lockPush(server: PushTessera, client: TestClient, email: string, enrolled: Awaited<ReturnType<typeof enrollPushUser>>): Promise<void> {
  const stream = listen(server, enrolled.device);
  try {
    await stream.opened();
    await startPushLogin(server, client, email);
    await deny(enrolled.device.account, await stream.next(), { keyStore: enrolled.device.keyStore, reason: DenyReason.notMe });
  } finally {
    await stream.stop();
  }
}

/**
 * Push, OTP and recovery codes on, MFA for all applications, push locking on "this wasn't me", an app
 * that signs people in, and the twelve people enrolled through the real MFA API.
 */
export async function seedAdminTenant(server: PushTessera): Promise<{ people: SeededPerson[]; client: TestClient }> {
  for (const factor of PUSH_FACTORS) expectOk(await server.management('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true }));
  expectOk(await server.management('PUT', '/api/v2/guardian/policies', ['all-applications']));
  expectOk(await server.management('PATCH', '/api/v2/guardian/factors/push-notification/settings', { lock_on_reject: true }));
  const grants = ['password', GRANT_TYPES.mfaOtp, MFA_OOB_GRANT, GRANT_TYPES.mfaRecoveryCode];
  const client = expectOk(await server.management<TestClient>('POST', '/api/v2/clients', { name: 'Staff Portal', grant_types: grants }), 201);

  const seeded: SeededPerson[] = [];
  for (const person of PEOPLE) {
    const user = expectOk(
      await server.management<{ user_id: string }>('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: person.email, name: person.name, password: PASSWORD }),
      201,
    );
    let recoveryCode: string | null = null;
    if (person.mfa === 'otp') recoveryCode = await enrollOtpOverHttp(server, client, person.email);
    if (person.mfa === 'push' || person.mfa === 'push-locked') {
      const enrolled = await enrollPushUser(server, client, person.email, `${person.name.split(' ')[0]}’s phone`);
      if (person.mfa === 'push-locked') await lockPush(server, client, person.email, enrolled);
    }
    seeded.push({ ...person, userId: user.user_id, recoveryCode });
  }
  return { people: seeded, client };
}
