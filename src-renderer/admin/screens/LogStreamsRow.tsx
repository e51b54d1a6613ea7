import { Fragment } from 'react';
import type { LogStreamTestResult, LogStreamView } from '../../../src-main/ipc/contract';
import { InlineConfirm } from './InlineConfirm';

export interface LogStreamsRowProps {
  stream: LogStreamView;
  confirmingDelete: boolean;
  busy: boolean;
  /** The last test event's outcome for this stream, `sending` while it is on its way. */
  test: LogStreamTestResult | 'sending' | undefined;
  onTest(): void;
  onPauseOrResume(): void;
  onAskDelete(): void;
  onConfirmDelete(): void;
  onCancel(): void;
}

const COLUMNS = 5;
const STATUS_HELP: Record<LogStreamView['status'], string> = {
  active: 'Delivering events',
  paused: 'Paused: events wait on the server and are sent on resume',
  suspended: 'Suspended after failing for days: check the receiver, then resume',
};

function testText(test: LogStreamTestResult | 'sending'): string {
  if (test === 'sending') return 'Sending a test event…';
  return test.delivered ? 'Test event delivered' : `Test event not delivered: ${test.message}`;
}

/** One stream; delete asks in a row drawn right under it. A paused or suspended stream resumes from its cursor. */
export function LogStreamsRow({ stream, confirmingDelete, busy, test, onTest, onPauseOrResume, onAskDelete, onConfirmDelete, onCancel }: LogStreamsRowProps) {
  const { id, name, status } = stream;
  return (
    <Fragment>
      <tr data-stream-id={id}>
        <td>{name}</td>
        <td>
          <span className={`stream-status stream-${status}`} title={STATUS_HELP[status]}>
            {status}
          </span>
          {stream.lastError && (
            <small className="stream-last-error" title={`Last failed delivery at ${stream.lastError.at}`}>
              Last error {new Date(stream.lastError.at).toLocaleString()}: {stream.lastError.message}
            </small>
          )}
        </td>
        <td className="admin-endpoint">
          <code>{stream.endpoint}</code>
        </td>
        <td>{stream.format}</td>
        <td>
          <span className="row">
            <button type="button" aria-label={`Send a test event to ${name}`} disabled={busy || test === 'sending'} onClick={onTest}>
              Send test event
            </button>
            <button type="button" aria-label={`${status === 'active' ? 'Pause' : 'Resume'} ${name}`} disabled={busy} onClick={onPauseOrResume}>
              {status === 'active' ? 'Pause' : 'Resume'}
            </button>
            <button type="button" className="danger" aria-label={`Delete ${name}`} aria-expanded={confirmingDelete} onClick={onAskDelete}>
              Delete
            </button>
          </span>
          {/* In place, under the buttons: a polite live region, so the result is read out without moving focus. */}
          <small className={`stream-test${test !== undefined && test !== 'sending' && !test.delivered ? ' stream-test-failed' : ''}`} role="status">
            {test === undefined ? '' : testText(test)}
          </small>
        </td>
      </tr>
      {confirmingDelete && (
        <tr>
          <td colSpan={COLUMNS}>
            <InlineConfirm
              id={`stream-delete-${id}`}
              question={`Delete ${name}? Events not yet delivered to ${stream.endpoint} are not sent.`}
              confirmLabel="Delete stream"
              busy={busy}
              onConfirm={onConfirmDelete}
              onCancel={onCancel}
            />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
