import type { JSX } from 'react';
import type { AdminUserDetail } from '../../../src-main/ipc/contract';
import { formatWhen, MfaKinds } from '../mfa-kinds';

export function UserHeader({ user }: { user: AdminUserDetail }): JSX.Element {
  const title = user.name ?? user.email ?? user.userId;
  return (
    <header className="card admin-user-head">
      <h2 id="user-title">{title}</h2>
      <dl className="facts">
        <dt>Email</dt>
        <dd>
          {user.email ?? '—'} {user.email && <span className="muted">({user.emailVerified ? 'verified' : 'not verified'})</span>}
        </dd>
        <dt>User ID</dt>
        <dd>
          <code>{user.userId}</code>
        </dd>
        <dt>MFA</dt>
        <dd>
          <MfaKinds kinds={user.mfa} />
          {user.pushLocked && <strong className="warning"> · push locked</strong>}
          {user.blocked && <strong className="error"> · blocked</strong>}
        </dd>
        <dt>Logins</dt>
        <dd>
          {user.loginsCount}, last {formatWhen(user.lastLogin)}
        </dd>
        <dt>Created</dt>
        <dd>{formatWhen(user.createdAt, '—')}</dd>
      </dl>
    </header>
  );
}
