import { Fragment } from 'react';
import type { ApplicationView } from '../../../src-main/ipc/contract';
import { InlineConfirm } from './InlineConfirm';

export type RowAction = 'rotate' | 'delete';

export interface ApplicationsRowProps {
  application: ApplicationView;
  /** The question open on this row, if any. */
  confirming: RowAction | null;
  busy: boolean;
  onAsk(action: RowAction): void;
  onConfirm(action: RowAction): void;
  onCancel(): void;
}

const COLUMNS = 5;

/** One application; rotate and delete ask in a row drawn right under it. The console's own client has neither. */
export function ApplicationsRow({ application, confirming, busy, onAsk, onConfirm, onCancel }: ApplicationsRowProps) {
  const { name, clientId } = application;
  return (
    <Fragment>
      <tr data-client-id={clientId}>
        <td>
          {name}
          {application.isConsoleClient && <span className="admin-tag">this console</span>}
        </td>
        <td>
          <code>{clientId}</code>
        </td>
        <td>{application.appType ?? '—'}</td>
        <td>{application.grantTypes.join(', ') || '—'}</td>
        <td>
          {application.isConsoleClient ? (
            <span className="muted">Used by this console: rotate or delete it from another admin client.</span>
          ) : (
            <span className="row">
              <button type="button" aria-label={`Rotate secret of ${name}`} aria-expanded={confirming === 'rotate'} onClick={() => onAsk('rotate')}>
                Rotate secret
              </button>
              <button type="button" className="danger" aria-label={`Delete ${name}`} aria-expanded={confirming === 'delete'} onClick={() => onAsk('delete')}>
                Delete
              </button>
            </span>
          )}
        </td>
      </tr>
      {confirming && (
        <tr>
          <td colSpan={COLUMNS}>
            <InlineConfirm
              id={`app-${confirming}-${clientId}`}
              question={
                confirming === 'rotate'
                  ? `Rotate the secret of ${name}? Anything still using the old secret stops getting tokens until it has the new one.`
                  : `Delete ${name}? Its tokens stop working and apps using client id ${clientId} can no longer sign anyone in.`
              }
              confirmLabel={confirming === 'rotate' ? 'Rotate secret' : 'Delete application'}
              busy={busy}
              onConfirm={() => onConfirm(confirming)}
              onCancel={onCancel}
            />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
