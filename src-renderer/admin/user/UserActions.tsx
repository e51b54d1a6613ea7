import { useState, type JSX } from 'react';
import type { AdminUserDetail, IpcOutcome } from '../../../src-main/ipc/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { InlineConfirm } from '../screens/InlineConfirm';
import { OneTimeSecret } from '../screens/OneTimeSecret';
import { useAdminCall } from '../screens/use-admin-call';
import { ResetMfa } from './ResetMfa';
import { TicketPanel } from './TicketPanel';

type Open = 'reset' | 'ticket' | 'forget' | 'recovery' | null;

/** What an admin does about a person's MFA, each asking in place before anything is lost. */
export function UserActions({ user, onChanged }: { user: AdminUserDetail; onChanged(message: string): Promise<void> }): JSX.Element {
  const [open, setOpen] = useState<Open>(null);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { error, run } = useAdminCall();

  async function act<T>(call: () => Promise<IpcOutcome<T>>, message: string): Promise<T | null> {
    setBusy(true);
    const outcome = await run(call);
    setBusy(false);
    if (!outcome.ok) return null;
    setOpen(null);
    await onChanged(message);
    return outcome.value;
  }

  async function regenerate() {
    const result = await act(() => window.tessera.adminRegenerateRecoveryCode(user.userId), 'A new recovery code was issued; the old one no longer works.');
    if (result) setRecoveryCode(result.recoveryCode);
  }

  return (
    <div className="card admin-user-actions">
      <h3>Actions</h3>
      <div className="row">
        <button type="button" className="danger" aria-expanded={open === 'reset'} onClick={() => setOpen('reset')}>
          Reset MFA…
        </button>
        <button type="button" aria-expanded={open === 'recovery'} onClick={() => setOpen('recovery')}>
          Regenerate recovery code…
        </button>
        <button type="button" aria-expanded={open === 'ticket'} onClick={() => setOpen(open === 'ticket' ? null : 'ticket')}>
          Enrollment ticket…
        </button>
        {user.pushLocked && (
          <button type="button" disabled={busy} onClick={() => void act(() => window.tessera.adminUnlockPush(user.userId), 'Push unlocked: login requests reach their device again.')}>
            Unlock push
          </button>
        )}
        <button type="button" aria-expanded={open === 'forget'} onClick={() => setOpen('forget')}>
          Forget remembered browsers…
        </button>
      </div>
      <ErrorMessage message={error} />
      {recoveryCode !== null && <OneTimeSecret label="New recovery code" secret={recoveryCode} onDone={() => setRecoveryCode(null)} />}
      {open === 'reset' && (
        <ResetMfa user={user} busy={busy} onCancel={() => setOpen(null)} onConfirm={(typed) => void act(() => window.tessera.adminResetMfa(user.userId, typed), 'MFA reset: every authenticator was removed.')} />
      )}
      {open === 'recovery' && (
        <InlineConfirm
          id="regenerate-recovery-code"
          question="Issue a new recovery code? The current one stops working at once; the new one is shown here once."
          confirmLabel="Regenerate"
          busy={busy}
          onConfirm={() => void regenerate()}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === 'forget' && (
        <InlineConfirm
          id="forget-browsers"
          question="Forget every browser this person chose to remember? Their next sign-in on each asks for MFA again."
          confirmLabel="Forget browsers"
          busy={busy}
          onConfirm={() => void act(() => window.tessera.adminForgetBrowsers(user.userId), 'Remembered browsers forgotten: each asks for MFA at the next sign-in.')}
          onCancel={() => setOpen(null)}
        />
      )}
      {open === 'ticket' && <TicketPanel user={user} onClose={() => setOpen(null)} />}
    </div>
  );
}
