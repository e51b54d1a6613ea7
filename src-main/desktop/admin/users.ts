import type { Management, ManagementClient } from 'auth0';
import { authenticatorView, isMfaMethod, mfaKinds, recoveryCodeLast } from './authenticator-view';
import { boundedMap } from './bounded-map';
import type { ManagementCall } from './management-call';
import { userQuery } from './user-search';
import { AdminError, AdminErrorKind, UserFilter, type AdminUserDetail, type AdminUserSummary, type UserPage, type UserQuery } from './types';

/** Parallel per-user reads for the MFA column: enough to fill a page fast, few enough not to trip rate limits. */
const MFA_LOOKUP_CONCURRENCY = 4;
const MAX_PER_PAGE = 100;
const MAX_METHODS = 100;
/** Alphabetical by email: stable between pages (creation times can tie) and how people look someone up. */
const USER_ORDER = 'email:1';

type UserRecord = Management.UserResponseSchema & { multifactor_push_locked?: unknown };

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function summaryOf(user: UserRecord, methods: Management.UserAuthenticationMethod[]): AdminUserSummary {
  return {
    userId: user.user_id ?? '',
    email: text(user.email),
    name: text(user.name),
    mfa: mfaKinds(methods),
    pushLocked: user.multifactor_push_locked === true,
    blocked: user.blocked === true,
    lastLogin: text(user.last_login),
    createdAt: text(user.created_at),
  };
}

export async function methodsOf(client: ManagementClient, userId: string): Promise<Management.UserAuthenticationMethod[]> {
  const page = await client.users.authenticationMethods.list(userId, { per_page: MAX_METHODS });
  return page.data;
}

function checkQuery(query: UserQuery): void {
  if (!Number.isInteger(query.page) || query.page < 0) throw new AdminError(AdminErrorKind.invalidInput, 'The page must be a whole number from 0');
  if (!Number.isInteger(query.perPage) || query.perPage < 1 || query.perPage > MAX_PER_PAGE) throw new AdminError(AdminErrorKind.invalidInput, `Show 1 to ${MAX_PER_PAGE} people per page`);
  if (!Object.values(UserFilter).includes(query.filter)) throw new AdminError(AdminErrorKind.invalidInput, 'Unknown filter');
}

export function userOperations(call: ManagementCall) {
  async function findUser(client: ManagementClient, idOrEmail: string): Promise<UserRecord> {
    const key = idOrEmail.trim();
    if (!key) throw new AdminError(AdminErrorKind.invalidInput, 'Enter an email or a user id');
    if (key.includes('@') && !key.includes('|')) {
      const [user] = await client.users.listUsersByEmail({ email: key });
      if (!user) throw new AdminError(AdminErrorKind.notFound, `No user has the email ${key}`);
      return user;
    }
    return (await client.users.get(key)) as UserRecord;
  }

  return {
    findUser,
    async listUsers(query: UserQuery): Promise<UserPage> {
      checkQuery(query);
      return call(async (client) => {
        const q = userQuery(query.search, query.filter);
        const page = await client.users.list({ page: query.page, per_page: query.perPage, include_totals: true, sort: USER_ORDER, ...(q ? { q, search_engine: 'v3' } : {}) });
        const users = page.data as UserRecord[];
        const methods = await boundedMap(users, MFA_LOOKUP_CONCURRENCY, (user) => methodsOf(client, user.user_id ?? ''));
        const total = (page.response as { total?: number }).total ?? users.length;
        return { users: users.map((user, i) => summaryOf(user, methods[i] ?? [])), page: query.page, perPage: query.perPage, total };
      });
    },
    async getUser(idOrEmail: string): Promise<AdminUserDetail> {
      return call(async (client) => {
        const user = await findUser(client, idOrEmail);
        const userId = user.user_id ?? '';
        const [methods, enrollments] = await Promise.all([methodsOf(client, userId), client.users.enrollments.get(userId)]);
        const enrollmentByLink = new Map(enrollments.map((e) => [e.id, e]));
        const linkOf = (m: Management.UserAuthenticationMethod) => m.link_id ?? m.id.split('|')[1];
        return {
          ...summaryOf(user, methods),
          nickname: text(user.nickname),
          picture: text(user.picture),
          emailVerified: user.email_verified === true,
          loginsCount: typeof user.logins_count === 'number' ? user.logins_count : 0,
          authenticators: recoveryCodeLast(methods.filter(isMfaMethod).map((m) => authenticatorView(m, enrollmentByLink.get(linkOf(m))))),
        };
      });
    },
  };
}
