import { useState, type JSX } from 'react';
import type { AdminUserDetail } from '../../../src-main/ipc/contract';
import { InlineConfirm } from '../screens/InlineConfirm';

/**
 * Reset asks the admin to type the person's email (their user id when they have none), the way the
 * Auth0 Dashboard guards deletes: a reset cannot happen by a stray click or on the wrong person.
 */
export function ResetMfa({ user, busy, onConfirm, onCancel }: { user: AdminUserDetail; busy: boolean; onConfirm(typed: string): void; onCancel(): void }): JSX.Element {
  const expected = user.email ?? user.userId;
  const [typed, setTyped] = useState('');
  const count = user.authenticators.length;
  return (
    <InlineConfirm
      id="reset-mfa"
      question={`Reset MFA for ${expected}? All ${count} authenticator${count === 1 ? '' : 's'} and the recovery code are removed; they enroll again at their next sign-in.`}
      confirmLabel="Reset MFA"
      canConfirm={typed.trim() === expected}
      busy={busy}
      onConfirm={() => onConfirm(typed.trim())}
      onCancel={onCancel}
    >
      <label>
        Type {expected} to confirm
        <input autoComplete="off" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
      </label>
    </InlineConfirm>
  );
}
