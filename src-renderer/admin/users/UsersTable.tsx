import type { JSX } from 'react';
import type { AdminUserSummary } from '../../../src-main/ipc/contract';
import { formatWhen, MfaKinds } from '../mfa-kinds';

interface UsersTableProps {
  users: AdminUserSummary[];
  /** Kept across pages, so a selection can span them. */
  selected: ReadonlySet<string>;
  onSelect(next: ReadonlySet<string>): void;
  onOpen(userId: string): void;
}

export function UsersTable({ users, selected, onSelect, onOpen }: UsersTableProps): JSX.Element {
  const pageIds = users.map((user) => user.userId);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));

  function toggle(ids: string[], on: boolean) {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onSelect(next);
  }

  return (
    <table className="admin-table users-table">
      <caption className="visually-hidden">Users</caption>
      <thead>
        <tr>
          <th scope="col">
            <input type="checkbox" aria-label="Select every user on this page" checked={allOnPage} onChange={(event) => toggle(pageIds, event.target.checked)} />
          </th>
          <th scope="col">Email</th>
          <th scope="col">User ID</th>
          <th scope="col">MFA</th>
          <th scope="col">Last login</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const name = user.email ?? user.name ?? user.userId;
          return (
            <tr key={user.userId} aria-selected={selected.has(user.userId)}>
              <td>
                <input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(user.userId)} onChange={(event) => toggle([user.userId], event.target.checked)} />
              </td>
              <td>
                <button type="button" className="link" onClick={() => onOpen(user.userId)}>
                  {name}
                </button>
                {user.pushLocked && <span className="admin-flag warning"> push locked</span>}
                {user.blocked && <span className="admin-flag error"> blocked</span>}
              </td>
              <td>
                <code>{user.userId}</code>
              </td>
              <td>
                <MfaKinds kinds={user.mfa} />
              </td>
              <td>{formatWhen(user.lastLogin)}</td>
              <td>{formatWhen(user.createdAt, '—')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
