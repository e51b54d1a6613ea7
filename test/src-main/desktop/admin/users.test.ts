import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError } from '../../../../src-main/desktop/admin/types';
import { json, mgmt } from '../../../helpers/server.js';
import { connectedService, seed, startTessera, type ConsoleUnderTest, type ListeningTessera, type Seeded } from './admin-fixture';

let tessera: ListeningTessera;
let people: Seeded;
let console: ConsoleUnderTest;
beforeAll(async () => {
  tessera = await startTessera();
  people = await seed(tessera);
  console = await connectedService(tessera.baseUrl);
});
afterAll(async () => {
  await console.close();
  await tessera.close();
});

interface WireUser {
  user_id: string;
  email: string;
  name: string;
  created_at: string;
  last_login?: string;
}

async function wireUser(id: string): Promise<WireUser> {
  return json(await mgmt(tessera.app, 'GET', `/api/v2/users/${encodeURIComponent(id)}`)) as WireUser;
}

async function summary(id: string, mfa: string[]) {
  const user = await wireUser(id);
  return { userId: id, email: user.email, name: user.name, mfa, pushLocked: false, blocked: false, lastLogin: user.last_login ?? null, createdAt: user.created_at };
}

describe('listUsers', () => {
  it('lists a page with totals and each person’s MFA kinds (recovery codes left out)', async () => {
    const page = await console.service.listUsers({ search: '', filter: 'all', page: 0, perPage: 10 });
    expect(page).toEqual({ users: [await summary(people.ada.user_id, ['otp']), await summary(people.grace.user_id, [])], page: 0, perPage: 10, total: 2 });
  });

  it('pages', async () => {
    const second = await console.service.listUsers({ search: '', filter: 'all', page: 1, perPage: 1 });
    expect(second).toEqual({ users: [await summary(people.grace.user_id, [])], page: 1, perPage: 1, total: 2 });
  });

  it.each([
    ['grace@', 'grace'],
    ['email:ada*', 'ada'],
    ['ada@example.com', 'ada'],
  ] as const)('finds %s', async (search, who) => {
    const page = await console.service.listUsers({ search, filter: 'all', page: 0, perPage: 10 });
    expect(page.users.map((u) => u.userId)).toEqual([people[who].user_id]);
    expect(page.total).toBe(1);
  });

  it('finds by user id', async () => {
    const page = await console.service.listUsers({ search: people.grace.user_id, filter: 'all', page: 0, perPage: 10 });
    expect(page.users.map((u) => u.email)).toEqual(['grace@example.com']);
  });

  it.each([
    ['enrolled', 'ada'],
    ['not_enrolled', 'grace'],
  ] as const)('filters %s', async (filter, who) => {
    const page = await console.service.listUsers({ search: '', filter, page: 0, perPage: 10 });
    expect(page.users.map((u) => u.userId)).toEqual([people[who].user_id]);
  });

  it.each([
    [{ page: -1 }, 'The page must be a whole number from 0'],
    [{ perPage: 0 }, 'Show 1 to 100 people per page'],
    [{ perPage: 101 }, 'Show 1 to 100 people per page'],
  ])('refuses paging %j', async (change, message) => {
    const error = await console.service.listUsers({ search: '', filter: 'all', page: 0, perPage: 10, ...change }).catch((e: unknown) => e);
    expect(error).toEqual(new AdminError('invalid_input', message));
  });

  it('passes the server’s words on for a query it refuses', async () => {
    const error = (await console.service.listUsers({ search: 'phone:1*', filter: 'all', page: 0, perPage: 10 }).catch((e: unknown) => e)) as AdminError;
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toMatch(/^Query validation error: /);
  });
});

describe('getUser', () => {
  it('shows the profile and the authenticators, by email or by id', async () => {
    const wire = await wireUser(people.ada.user_id);
    const methods = json(await mgmt(tessera.app, 'GET', `/api/v2/users/${encodeURIComponent(people.ada.user_id)}/authentication-methods`)) as { id: string; type: string; created_at: string; last_auth_at?: string }[];
    const otp = methods.find((m) => m.type === 'totp');
    const recovery = methods.find((m) => m.type === 'recovery-code');
    const expected = {
      ...(await summary(people.ada.user_id, ['otp'])),
      nickname: 'ada',
      picture: null,
      emailVerified: false,
      loginsCount: expect.any(Number),
      authenticators: [
        { id: otp?.id, kind: 'otp', name: null, createdAt: otp?.created_at, lastUsedAt: otp?.last_auth_at ?? null, confirmed: true, removedWith: [] },
        { id: recovery?.id, kind: 'recovery-code', name: null, createdAt: recovery?.created_at, lastUsedAt: null, confirmed: true, removedWith: [] },
      ],
    };
    expect(wire.email).toBe('ada@example.com');
    expect(await console.service.getUser('ada@example.com')).toEqual(expected);
    expect(await console.service.getUser(people.ada.user_id)).toEqual(expected);
  });

  it('says who is unknown', async () => {
    expect(await console.service.getUser('nobody@example.com').catch((e: unknown) => e)).toEqual(new AdminError('not_found', 'No user has the email nobody@example.com'));
    expect(await console.service.getUser('auth0|000000000000000000000000').catch((e: unknown) => e)).toEqual(new AdminError('not_found', 'The user does not exist.'));
  });
});
