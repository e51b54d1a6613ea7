import { useCallback, useEffect, useState, type JSX } from 'react';
import type { AdminUserDetail } from '../../../src-main/ipc/contract';
import { ErrorMessage, Notice } from '../../components/ErrorMessage';
import { useAdminCall } from '../screens/use-admin-call';
import { AuthenticatorsTable } from './AuthenticatorsTable';
import { UserActions } from './UserActions';
import { UserHeader } from './UserHeader';
import { UserLogs } from './UserLogs';

/** One person: who they are, their authenticators, what an admin can do about them, and their recent events. */
export function UserScreen({ userId, onBack }: { userId: string; onBack(): void }): JSX.Element {
  const [user, setUser] = useState<AdminUserDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Bumped after each change, so the recent events show what the change wrote. */
  const [revision, setRevision] = useState(0);
  const { error, run } = useAdminCall();

  const load = useCallback(async () => {
    const outcome = await run(() => window.tessera.adminGetUser(userId));
    if (outcome.ok) setUser(outcome.value);
  }, [run, userId]);

  useEffect(() => void load(), [load]);

  const changed = useCallback(
    async (message: string) => {
      setNotice(message);
      setRevision((value) => value + 1);
      await load();
    },
    [load],
  );

  return (
    <section className="admin-screen admin-user" aria-labelledby="user-title">
      <button type="button" className="link" onClick={onBack}>
        ← All users
      </button>
      {user === null ? (
        <h2 id="user-title">{userId}</h2>
      ) : (
        <UserHeader user={user} />
      )}
      <ErrorMessage message={error} />
      <Notice message={notice} />
      {user && (
        <>
          <AuthenticatorsTable user={user} onChanged={changed} />
          <UserActions user={user} onChanged={changed} />
          <UserLogs userId={user.userId} revision={revision} />
        </>
      )}
    </section>
  );
}
