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
/** Auth0's extension grants are URLs; their last part says which (the full name is in the cell's title). */
const AUTH0_GRANT_PREFIX = 'http://auth0.com/oauth/grant-type/';

function shortGrant(grant: string): string {
  return grant.startsWith(AUTH0_GRANT_PREFIX) ? grant.slice(AUTH0_GRANT_PREFIX.length) : grant;
}

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
          <code className="admin-nowrap">{clientId}</code>
        </td>
        <td>{application.appType ?? '—'}</td>
        <td className="admin-grants" title={application.grantTypes.join('\n')}>
          {application.grantTypes.map(shortGrant).join(', ') || '—'}
        </td>
        <td>
          {application.isConsoleClient ? (
            <span className="muted" title="Rotating or deleting it would lock this console out; do it from another admin client.">
              Used by this console
            </span>
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
