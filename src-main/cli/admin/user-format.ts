import type { AdminAuthenticator, AdminUserDetail, AdminUserSummary, UserPage } from '../../desktop/admin/types';
import { terminalSafe } from '../format';
import { formatFields, formatTable, plural, shortDate } from './table';

const mfaCell = (user: AdminUserSummary) => {
  const kinds = user.mfa.length === 0 ? 'none' : user.mfa.join(', ');
  return user.pushLocked ? `${kinds} (push locked)` : kinds;
};

export function formatUserPage(page: UserPage): string {
  if (page.users.length === 0) return page.total === 0 ? 'No users match.' : `No users on page ${page.page + 1} (${plural(page.total, 'user')} in all).`;
  const table = formatTable(
    ['EMAIL', 'USER ID', 'MFA', 'LAST LOGIN', 'CREATED'],
    page.users.map((user) => [user.email, user.userId, mfaCell(user), shortDate(user.lastLogin, 'never'), shortDate(user.createdAt)]),
  );
  const first = page.page * page.perPage + 1;
  const last = first + page.users.length - 1;
  return `${table}\n\n${first}–${last} of ${plural(page.total, 'user')} (page ${page.page + 1}).`;
}

function authenticatorTable(authenticators: AdminAuthenticator[]): string {
  if (authenticators.length === 0) return 'No authenticators.';
  return formatTable(
    ['ID', 'TYPE', 'NAME', 'CREATED', 'LAST USED', 'CONFIRMED', 'REMOVED WITH'],
    authenticators.map((a) => [
      a.id, a.kind, a.name, shortDate(a.createdAt), shortDate(a.lastUsedAt, 'never'), a.confirmed ? 'yes' : 'no',
      a.removedWith.map((other) => `${other.kind} ${other.id}`).join(', '),
    ]),
  );
}

/** Profile header, then the authenticators: what the console's User screen shows. */
export function formatUserDetail(user: AdminUserDetail): string {
  const title = user.name ?? user.email ?? user.userId;
  const fields = formatFields([
    ['user id', user.userId],
    ['email', user.email === null ? null : `${user.email}${user.emailVerified ? ' (verified)' : ' (not verified)'}`],
    ['nickname', user.nickname],
    ['MFA', mfaCell(user)],
    ['blocked', user.blocked ? 'yes' : 'no'],
    ['logins', String(user.loginsCount)],
    ['last login', shortDate(user.lastLogin, 'never')],
    ['created', shortDate(user.createdAt)],
  ]);
  return `${terminalSafe(title)}\n${fields}\n\nAuthenticators\n${authenticatorTable(user.authenticators)}`;
}
