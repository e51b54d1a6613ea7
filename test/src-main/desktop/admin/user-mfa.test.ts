import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { createUser, enrollOtp, json, mgmt, tokenRequest } from '../../../helpers/server.js';
import { connectedService, seed, startTessera, type ConsoleUnderTest, type ListeningTessera, type Seeded } from './admin-fixture';

let tessera: ListeningTessera;
let people: Seeded;
let console: ConsoleUnderTest;
/** A fresh OTP-enrolled person for each test, on one shared server: the tests change what she has. */
let ada: { user_id: string; email: string };
let count = 0;
beforeAll(async () => {
  tessera = await startTessera();
  people = await seed(tessera);
  console = await connectedService(tessera.baseUrl);
});
beforeEach(async () => {
  ada = await createUser(tessera.app, `ada-${++count}@example.com`);
  await enrollOtp(tessera, people.app, ada.email);
});
afterAll(async () => {
  await console.close();
  await tessera.close();
});

async function methodsOnServer(userId: string): Promise<{ id: string; type: string }[]> {
  return json(await mgmt(tessera.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}/authentication-methods`)) as { id: string; type: string }[];
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('one person’s authenticators', () => {
  it('removes one authenticator, and says so when it is already gone', async () => {
    const detail = await console.service.getUser(ada.user_id);
    const otp = detail.authenticators.find((a) => a.kind === 'otp');
    await console.service.removeAuthenticator(ada.user_id, otp?.id ?? '');
    expect((await methodsOnServer(ada.user_id)).map((m) => m.id)).not.toContain(otp?.id);
    expect(await failure(console.service.removeAuthenticator(ada.user_id, otp?.id ?? ''))).toEqual(new AdminError('not_found', 'That authenticator is already gone: refresh the user'));
  });

  it('resets MFA only when the typed email matches', async () => {
    expect(await failure(console.service.resetMfa(ada.user_id, 'grace@example.com'))).toEqual(new AdminError('invalid_input', "Type the user's email to confirm"));
    expect(await methodsOnServer(ada.user_id)).toHaveLength(2);
    await console.service.resetMfa(ada.user_id, ` ${ada.email.toUpperCase()} `);
    expect(await methodsOnServer(ada.user_id)).toEqual([]);
    expect((await console.service.getUser(ada.email)).mfa).toEqual([]);
  });

  it('regenerates a recovery code that the server then accepts, once', async () => {
    const { recoveryCode } = await console.service.regenerateRecoveryCode(ada.user_id);
    expect(recoveryCode).toMatch(/^[A-Z0-9]{24}$/);
    const mfaToken = json(await tokenRequest(tessera.app, { grant_type: 'password', client_id: people.app.client_id, client_secret: people.app.client_secret, username: ada.email, password: 'correct horse battery staple' })) as { mfa_token: string };
    const grant = { grant_type: 'http://auth0.com/oauth/grant-type/mfa-recovery-code', client_id: people.app.client_id, client_secret: people.app.client_secret, mfa_token: mfaToken.mfa_token, recovery_code: recoveryCode };
    expect((await tokenRequest(tessera.app, grant)).statusCode).toBe(200);
  });

  it('refuses a recovery code for someone with no authenticator', async () => {
    expect(await failure(console.service.regenerateRecoveryCode(people.grace.user_id))).toEqual(
      new AdminError('invalid_input', 'This person has no authenticator yet: a recovery code backs up one, so enroll a factor first'),
    );
  });

  it('creates an enrollment ticket, and says email needs SMTP', async () => {
    const ticket = await console.service.createTicket({ userId: people.grace.user_id, factor: 'otp', sendMail: false });
    expect(ticket).toEqual({ ticketId: expect.any(String), ticketUrl: expect.stringMatching(/^https:\/\/tessera\.test\/.+/), mailed: false });
    expect(ticket.ticketUrl).toContain(ticket.ticketId);
    expect(await failure(console.service.createTicket({ userId: people.grace.user_id, sendMail: true }))).toEqual(
      new AdminError('invalid_input', 'The server cannot send email (no SMTP configured): copy the link or show the QR code instead'),
    );
    expect(await failure(console.service.createTicket({ userId: people.grace.user_id, factor: 'sms' as never, sendMail: false }))).toEqual(
      new AdminError('invalid_input', 'Choose one-time password or push notification'),
    );
  });

  it('unlocks push and forgets remembered browsers', async () => {
    await tessera.app.tessera.store.users.setPushLock(ada.user_id, tessera.clock.now());
    expect((await console.service.getUser(ada.user_id)).pushLocked).toBe(true);
    expect((await console.service.listUsers({ search: '', filter: 'push_locked', page: 0, perPage: 10 })).users.map((u) => u.userId)).toEqual([ada.user_id]);
    await console.service.unlockPush(ada.user_id);
    expect((await console.service.getUser(ada.user_id)).pushLocked).toBe(false);
    await console.service.forgetBrowsers(ada.user_id);
    const descriptions = (await console.service.userLogs(ada.user_id, 5)).map((e) => e.description);
    expect(descriptions.slice(0, 2)).toEqual(['Invalidate remembered browsers for MFA', 'Unlock push notifications']);
  });

  it('lists the person’s recent events, newest first, with Auth0’s labels', async () => {
    const events = await console.service.userLogs(ada.user_id, 3);
    expect(events).toHaveLength(3);
    const wire = json(await mgmt(tessera.app, 'GET', `/api/v2/users/${encodeURIComponent(ada.user_id)}/logs?per_page=3`)) as { log_id: string; type: string }[];
    expect(events.map((e) => e.logId)).toEqual(wire.map((e) => e.log_id));
    expect(events.every((e) => e.userId === ada.user_id && e.typeLabel !== '')).toBe(true);
  });

  it.each([
    ['removeAuthenticator', () => console.service.removeAuthenticator('auth0|000000000000000000000000', 'totp|dev_x')],
    ['resetMfa', () => console.service.resetMfa('auth0|000000000000000000000000', 'x@example.com')],
    ['unlockPush', () => console.service.unlockPush('auth0|000000000000000000000000')],
    ['createTicket', () => console.service.createTicket({ userId: 'nobody@example.com', sendMail: false })],
  ])('%s names an unknown user', async (_name, act) => {
    const error = (await failure(act())) as AdminError;
    expect(error.kind).toBe('not_found');
    expect(['The user does not exist.', 'No user has the email nobody@example.com']).toContain(error.message);
  });
});

describe('a person created later', () => {
  it('shows in the list with no MFA', async () => {
    const extra = await createUser(tessera.app, 'zoe@example.com');
    const page = await console.service.listUsers({ search: 'zoe@', filter: 'all', page: 0, perPage: 10 });
    expect(page.users.map((u) => [u.userId, u.mfa])).toEqual([[extra.user_id, []]]);
  });
});
