import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Account, CodeView } from '../../src-main/ipc/contract';
import { CountdownRing } from '../components/CountdownRing';
import { groupCode, maskCode } from '../format';

export interface AccountRowProps {
  account: Account;
  code: CodeView | undefined;
  hidden: boolean;
  isFirst: boolean;
  isLast: boolean;
  onReveal(): void;
  onCopy(): void;
  onNextHotp(): void;
  onPin(): void;
  onMove(step: -1 | 1): void;
  onEdit(): void;
  /** The remove question is open on this row. */
  confirmingRemove: boolean;
  onRemove(): void;
  onConfirmRemove(): void;
  onCancelRemove(): void;
}

/** One account: who it is for, its code (or a mask), the countdown and the actions. */
export function AccountRow(props: AccountRowProps) {
  const { account, code, hidden } = props;
  const title = account.issuer || account.label;
  const shown = code === undefined ? null : hidden ? maskCode(code.code.length) : groupCode(code.code);
  const name = `${title}${account.issuer ? ` (${account.label})` : ''}`;
  const removeButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLDivElement>(null);
  const wasConfirming = useRef(false);
  // The question opens in the row, where the user clicked (a lower row's question drawn above the list
  // was off-screen); focus goes to it, and back to Remove when it is cancelled.
  useEffect(() => {
    if (props.confirmingRemove) {
      // The whole question, not just its button: it opens under the row, possibly below the window's edge.
      question.current?.scrollIntoView({ block: 'nearest' });
      confirmButton.current?.focus({ preventScroll: true });
    }
    else if (wasConfirming.current) removeButton.current?.focus();
    wasConfirming.current = props.confirmingRemove;
  }, [props.confirmingRemove]);

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    props.onCancelRemove();
  }

  return (
    <li className="account" data-account-id={account.id} aria-label={name}>
      <span className="swatch" aria-hidden="true" style={account.colour ? { backgroundColor: account.colour } : undefined} />
      <div className="account-names">
        <span className="issuer">
          {account.pinned && <span aria-label="Pinned" title="Pinned">📌 </span>}
          {title}
        </span>
        {account.issuer && <span className="label">{account.label}</span>}
        {account.group && <span className="group-tag">{account.group}</span>}
      </div>
      <div className="account-code">
        {shown === null ? (
          <span className="code code-empty">{account.kind === 'hotp' ? 'Press “Next code”' : '…'}</span>
        ) : (
          <output className="code" aria-label={hidden ? `Code for ${title} (hidden)` : `Code for ${title}`}>
            {shown}
          </output>
        )}
        {code && code.kind !== 'hotp' && <CountdownRing secondsLeft={code.secondsLeft} period={code.period} />}
      </div>
      <div className="account-actions">
        {props.hidden && code !== undefined && (
          <button type="button" onClick={props.onReveal} aria-label={`Reveal code for ${title}`}>
            Reveal
          </button>
        )}
        {account.kind === 'hotp' && (
          <button type="button" onClick={props.onNextHotp} aria-label={`Next code for ${title}`}>
            Next code
          </button>
        )}
        <button type="button" className="primary" onClick={props.onCopy} aria-label={`Copy code for ${title}`}>
          Copy
        </button>
        <button type="button" onClick={props.onPin} aria-pressed={account.pinned} aria-label={`${account.pinned ? 'Unpin' : 'Pin'} ${title}`}>
          {account.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button type="button" onClick={() => props.onMove(-1)} disabled={props.isFirst} aria-label={`Move ${title} up`}>
          ↑
        </button>
        <button type="button" onClick={() => props.onMove(1)} disabled={props.isLast} aria-label={`Move ${title} down`}>
          ↓
        </button>
        <button type="button" onClick={props.onEdit} aria-label={`Edit ${title}`}>
          Edit
        </button>
        <button ref={removeButton} type="button" className="danger" onClick={props.onRemove} aria-label={`Remove ${title}`} aria-expanded={props.confirmingRemove}>
          Remove
        </button>
      </div>
      {props.confirmingRemove && (
        <div ref={question} className="confirm confirm-inline" role="alertdialog" aria-labelledby={`remove-question-${account.id}`} onKeyDown={cancelOnEscape}>
          <p id={`remove-question-${account.id}`}>
            Remove {title} ({account.label})? Its secret is deleted from this computer; keep another way to sign in.
          </p>
          <button ref={confirmButton} type="button" className="danger" onClick={props.onConfirmRemove}>
            Remove account
          </button>
          <button type="button" onClick={props.onCancelRemove}>
            Cancel
          </button>
        </div>
      )}
    </li>
  );
}
