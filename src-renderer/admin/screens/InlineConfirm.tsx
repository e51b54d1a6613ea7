import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface InlineConfirmProps {
  /** Names the question for screen readers; unique on the page. */
  id: string;
  question: ReactNode;
  confirmLabel: string;
  /** False while a typed confirmation does not match yet. */
  canConfirm?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
  /** A field to type the confirmation into, drawn between the question and the buttons. */
  children?: ReactNode;
}

/**
 * A destructive action's question, drawn where the admin clicked (never off-screen): focus moves into
 * it, Escape cancels, and focus goes back to what opened it when it closes.
 */
export function InlineConfirm(props: InlineConfirmProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.scrollIntoView({ block: 'nearest' });
    box.current?.querySelector<HTMLElement>('input, button')?.focus({ preventScroll: true });
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    props.onCancel();
  }

  return (
    <div ref={box} className="confirm admin-confirm" role="alertdialog" aria-labelledby={`${props.id}-question`} onKeyDown={cancelOnEscape}>
      <p id={`${props.id}-question`}>{props.question}</p>
      {props.children}
      <div className="row">
        <button type="button" className="danger" disabled={props.busy || props.canConfirm === false} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
