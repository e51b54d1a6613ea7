import { useCountdown } from '../hooks/use-countdown';

export interface ToastMessage {
  text: (secondsLeft: number) => string;
  seconds: number;
}

/**
 * A status toast counting down to zero, then gone. Each new toast object counts from its own full
 * seconds (useCountdown restarts on a new value), even when its text equals the last one's.
 */
export function Toast({ toast, onDone }: { toast: ToastMessage | null; onDone: () => void }) {
  const elapsedS = useCountdown(toast ?? undefined, toast?.seconds ?? null, onDone);
  if (toast === null) return null;
  return (
    <div className="toast" role="status" aria-live="polite">
      {toast.text(toast.seconds - elapsedS)}
    </div>
  );
}
