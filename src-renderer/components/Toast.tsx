import { useEffect, useState } from 'react';

export interface ToastMessage {
  /** Distinguishes two toasts with the same text, so the countdown restarts. */
  id: number;
  text: (secondsLeft: number) => string;
  seconds: number;
}

/** A status toast counting down to zero, then gone. */
export function Toast({ toast, onDone }: { toast: ToastMessage | null; onDone: () => void }) {
  const [left, setLeft] = useState(0);

  useEffect(() => {
    if (toast === null) return;
    const started = Date.now();
    setLeft(toast.seconds);
    const timer = setInterval(() => {
      const remaining = toast.seconds - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) {
        clearInterval(timer);
        onDone();
      } else setLeft(remaining);
    }, 250);
    return () => clearInterval(timer);
  }, [toast, onDone]);

  if (toast === null) return null;
  return (
    <div className="toast" role="status" aria-live="polite">
      {toast.text(left)}
    </div>
  );
}
