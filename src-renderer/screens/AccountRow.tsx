import type { DragEvent, MouseEvent } from 'react';
import type { Account, CodeView } from '../../src-main/ipc/contract';
import { CountdownRing } from '../components/CountdownRing';
import { PinIcon } from '../components/glyphs';
import { MenuButton, type MenuItem } from '../components/MenuButton';
import { groupCode, maskCode } from '../format';
import { IssuerIcon } from '../icons/IssuerIcon';

/** The next code is shown only in the last seconds, when the current one is too late to type. */
export const NEXT_CODE_SECONDS = 5;

export interface RowDrag {
  onDragStart(event: DragEvent): void;
  onDragOver(event: DragEvent): void;
  onDrop(event: DragEvent): void;
  onDragEnd(): void;
}

export interface AccountRowProps {
  account: Account;
  code: CodeView | undefined;
  hidden: boolean;
  selected: boolean;
  isFirst: boolean;
  isLast: boolean;
  /** Set when the list is in the user's own order (drag to reorder); absent while sorted or filtered. */
  drag?: RowDrag;
  dropTarget: boolean;
  onReveal(): void;
  onCopy(): void;
  onNextHotp(): void;
  onPin(): void;
  onMove(step: -1 | 1): void;
  onEdit(): void;
  onRemove(): void;
}

export function accountTitle(account: Account): string {
  return account.issuer || account.label;
}

export function accountName(account: Account): string {
  return `${accountTitle(account)}${account.issuer ? ` (${account.label})` : ''}`;
}

/** A clicked control inside the row does its own thing; anywhere else on the row copies the code. */
function stop(event: MouseEvent) {
  event.stopPropagation();
}

/** One compact account row: tile, names, the code (a click copies it), the countdown and a menu of actions. */
export function AccountRow(props: AccountRowProps) {
  const { account, code, hidden } = props;
  const title = accountTitle(account);
  const shown = code === undefined ? null : hidden ? maskCode(code.code.length) : groupCode(code.code);
  const next = code && code.kind !== 'hotp' && !hidden && code.secondsLeft <= NEXT_CODE_SECONDS ? code.next : undefined;
  const items: MenuItem[] = [
    { label: account.pinned ? 'Unpin' : 'Pin to top', onSelect: props.onPin },
    { label: 'Edit', onSelect: props.onEdit },
    { label: 'Move up', onSelect: () => props.onMove(-1), disabled: props.isFirst },
    { label: 'Move down', onSelect: () => props.onMove(1), disabled: props.isLast },
    { label: 'Remove', onSelect: props.onRemove, danger: true },
  ];
  const className = ['account', props.selected ? 'selected' : '', props.dropTarget ? 'drop-target' : ''].filter(Boolean).join(' ');

  return (
    <li
      id={`account-${account.id}`}
      className={className}
      data-account-id={account.id}
      aria-label={accountName(account)}
      aria-current={props.selected ? 'true' : undefined}
      onClick={props.onCopy}
      draggable={props.drag !== undefined}
      onDragStart={props.drag?.onDragStart}
      onDragOver={props.drag?.onDragOver}
      onDrop={props.drag?.onDrop}
      onDragEnd={props.drag?.onDragEnd}
    >
      <IssuerIcon issuer={account.issuer} label={account.label} colour={account.colour} />
      <div className="account-names">
        <span className="issuer-line">
          {account.pinned && <PinIcon label="Pinned" />}
          <span className="issuer">{title}</span>
          {account.group && <span className="group-tag">{account.group}</span>}
        </span>
        {account.issuer && <span className="label">{account.label}</span>}
      </div>
      <div className="account-code">
        {shown === null && account.kind !== 'hotp' ? (
          <span className="code code-empty">…</span>
        ) : shown === null ? (
          // HOTP with no code on show: copying takes the next code, and the row then shows it.
          <button type="button" className="code-button" aria-label={`Copy code for ${title}`} onClick={(event) => (stop(event), props.onCopy())}>
            <span className="code code-empty">Press “Next code”</span>
          </button>
        ) : (
          <button type="button" className="code-button" aria-label={`Copy code for ${title}`} onClick={(event) => (stop(event), props.onCopy())}>
            <output className="code" aria-label={hidden ? `Code for ${title} (hidden)` : `Code for ${title}`}>
              {shown}
            </output>
          </button>
        )}
        {next !== undefined && (
          <span className="next-code" aria-label={`Next code ${next}`}>
            next {groupCode(next)}
          </span>
        )}
        {code && code.kind !== 'hotp' && <CountdownRing secondsLeft={code.secondsLeft} period={code.period} />}
      </div>
      <div className="account-actions" onClick={stop}>
        {hidden && code !== undefined && (
          <button type="button" onClick={props.onReveal} aria-label={`Reveal code for ${title}`}>
            Reveal
          </button>
        )}
        {account.kind === 'hotp' && (
          <button type="button" onClick={props.onNextHotp} aria-label={`Next code for ${title}`}>
            Next code
          </button>
        )}
        <MenuButton label={`Actions for ${title}`} items={items} />
      </div>
    </li>
  );
}
