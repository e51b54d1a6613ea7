import { useEffect, useRef, useState } from 'react';
import type { AutoBackupPatch, AutoBackupStatus } from '../../src-main/ipc/contract';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatTime } from '../format';
import { useLive } from '../hooks/use-live';
import { useOutcome } from '../hooks/use-outcome';
import { BackupPasswordForm } from './BackupPasswordForm';

export const AUTO_BACKUP_ID = 'auto-backup';

/** How the last runs went, in words: a failure first (with the last good backup), else the last backup. */
function BackupHistory({ status }: { status: AutoBackupStatus }) {
  const last = status.lastSuccess ? `Last good backup: ${formatTime(status.lastSuccess.at)} (${status.lastSuccess.file}).` : 'No automatic backup written yet.';
  if (status.failure) {
    return (
      <div role="alert" className="error">
        <p>
          The last backup failed ({formatTime(status.failure.at)}): {status.failure.message}
        </p>
        <p>{last}</p>
      </div>
    );
  }
  return <p className="muted">{last}</p>;
}

/** Automatic encrypted backups to a folder, after each change (see src-main/desktop/backup). */
export function AutoBackupPanel({ focus }: { focus?: boolean }) {
  const api = window.tessera;
  const live = useLive(api.autoBackupStatus, ['backup']);
  const { error, run } = useOutcome();
  const heading = useRef<HTMLHeadingElement>(null);
  // The switch follows the click at once; turning backups on may write the first one before main answers.
  const [enabling, setEnabling] = useState<boolean | null>(null);
  const status = live.value?.ok ? live.value.value : undefined;
  const loaded = status !== undefined;

  // Opened from the accounts screen's reminder: this panel is what the user came for.
  useEffect(() => {
    if (focus && loaded) {
      heading.current?.scrollIntoView({ block: 'start' });
      heading.current?.focus();
    }
  }, [focus, loaded]);

  async function call(work: () => ReturnType<typeof api.updateAutoBackup>): Promise<boolean> {
    const outcome = await run(work);
    await live.refresh();
    return outcome.ok;
  }
  const update = (patch: AutoBackupPatch) => void call(() => api.updateAutoBackup(patch));
  async function switchBackups(enabled: boolean) {
    setEnabling(enabled);
    await call(() => api.updateAutoBackup({ enabled }));
    setEnabling(null);
  }

  if (status === undefined) return <ErrorMessage message={live.value && !live.value.ok ? live.value.error.message : null} />;

  return (
    <div className="card auto-backup" id={AUTO_BACKUP_ID} aria-labelledby="auto-backup-title">
      <h3 id="auto-backup-title" ref={heading} tabIndex={-1}>
        Automatic backups
      </h3>
      <ErrorMessage message={error} />
      <label className="check">
        <input type="checkbox" checked={enabling ?? status.enabled} onChange={(event) => void switchBackups(event.target.checked)} />
        Back up automatically, encrypted, after each change
      </label>
      <div className="row">
        <span>
          Folder: <strong className="auto-backup-folder">{status.folder ?? 'none chosen'}</strong>
        </span>
        <button type="button" onClick={() => void call(api.chooseBackupFolder)}>
          {status.folder ? 'Change folder…' : 'Choose folder…'}
        </button>
      </div>
      <label>
        Backups to keep (older ones are deleted)
        <input
          key={status.keep}
          type="number"
          min={status.keepLimits.min}
          max={status.keepLimits.max}
          defaultValue={status.keep}
          onBlur={(event) => {
            const keep = Number(event.target.value);
            if (Number.isInteger(keep) && keep !== status.keep) update({ keep });
          }}
        />
      </label>
      <BackupPasswordForm passwordSet={status.passwordSet} onSubmit={(password) => call(() => api.setBackupPassword(password))} />
      {status.missing && <p className="warning">{status.enabled ? `Backups cannot run yet: ${status.missing}` : status.missing}</p>}
      <BackupHistory status={status} />
      <button type="button" disabled={status.missing !== null} onClick={() => void call(api.runBackupNow)}>
        Back up now
      </button>
    </div>
  );
}
