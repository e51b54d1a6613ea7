import { useLive } from '../hooks/use-live';
import { useOutcome } from '../hooks/use-outcome';

/** "No backup for N days", on the accounts screen; Dismiss hides it for 7 days (main keeps the date). */
export function BackupReminderBanner({ onOpenBackup }: { onOpenBackup: () => void }) {
  const api = window.tessera;
  const reminder = useLive(api.backupReminder, ['backup', 'accounts']);
  const { run } = useOutcome();
  const value = reminder.value?.ok ? reminder.value.value : undefined;
  if (!value?.show) return null;

  async function dismiss() {
    await run(api.snoozeBackupReminder);
    await reminder.refresh();
  }

  return (
    <div className="backup-reminder" role="status" aria-label="Backup reminder">
      <p>
        <strong>No backup for {value.days} days.</strong>{' '}
        {value.neverBackedUp ? 'These accounts have never been backed up: losing this computer would lose them.' : 'Changes since then would be lost with this computer.'}
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={onOpenBackup}>
          Go to backup settings
        </button>
        <button type="button" onClick={() => void dismiss()}>
          Dismiss for 7 days
        </button>
      </div>
    </div>
  );
}
