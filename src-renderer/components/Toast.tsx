import { useEffect, useState } from 'react';

export interface ToastMessage {
  /** Distinguishes two toasts with the same text, so the countdown restarts. */
  id: number;
  text: (secondsLeft: number) => string;
  seconds: number;
}

/** A status toast counting down to zero, then gone. */
export function Toast({ toast, onDone }: { toast: ToastMessage | null; onDone: () => void }) {
  // The count belongs to one toast: a new toast shows its full seconds from its first render, never
  // the previous toast's count (or 0) until the effect below has run.
  const [tick, setTick] = useState<{ id: number; left: number } | null>(null);

  useEffect(() => {
    if (toast === null) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = toast.seconds - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) {
        clearInterval(timer);
        onDone();
      } else setTick({ id: toast.id, left: remaining });
    }, 250);
    return () => clearInterval(timer);
  }, [toast, onDone]);

  if (toast === null) return null;
  const left = tick?.id === toast.id ? tick.left : toast.seconds;
  return (
    <div className="toast" role="status" aria-live="polite">
      {toast.text(left)}
    </div>
  );
}
