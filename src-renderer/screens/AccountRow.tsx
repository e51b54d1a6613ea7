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
  onRemove(): void;
}

/** One account: who it is for, its code (or a mask), the countdown and the actions. */
export function AccountRow(props: AccountRowProps) {
  const { account, code, hidden } = props;
  const title = account.issuer || account.label;
  const shown = code === undefined ? null : hidden ? maskCode(code.code.length) : groupCode(code.code);
  const name = `${title}${account.issuer ? ` (${account.label})` : ''}`;

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
        <button type="button" className="danger" onClick={props.onRemove} aria-label={`Remove ${title}`}>
          Remove
        </button>
      </div>
    </li>
  );
}
