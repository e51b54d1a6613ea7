import { useCountdown } from '../hooks/use-countdown';

export interface ToastMessage {
  text: (secondsLeft: number) => string;
  seconds: number;
  /** A button in the toast (Undo), available while the toast shows. */
  action?: { label: string; run(): void };
}

/**
 * A status toast counting down to zero, then gone. Each new toast object counts from its own full
 * seconds (useCountdown restarts on a new value), even when its text equals the last one's.
 */
export function Toast({ toast, onDone }: { toast: ToastMessage | null; onDone: () => void }) {
  const elapsedS = useCountdown(toast ?? undefined, toast?.seconds ?? null, onDone);
  if (toast === null) return null;
  const { action } = toast;
  return (
    <div className="toast" role="status" aria-live="polite">
      <span className="toast-text">{toast.text(toast.seconds - elapsedS)}</span>
      {action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            onDone();
            action.run();
          }}
        >
          {action.label}
        </button>
      )}
    </div>
  );
}
